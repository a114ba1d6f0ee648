package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The journals committed as fixtures (written by earlier builds, {@link JournalFixture}) still replay. */
class JournalFixtureTest {

  @TempDir
  Path tmp;

  /** v1: op log only (Session 2). v2: server snapshots and a saved window with encoded records (Session 15). */
  @ParameterizedTest
  @ValueSource(strings = {"journal-v1", "journal-v2"})
  void theCommittedJournalReplaysIntoTheSameTree(String fixtureName) throws IOException, URISyntaxException {
    Path fixture = Path.of(getClass().getResource("/" + fixtureName + "/journal.created").toURI()).getParent();
    Path data = tmp.resolve("data");
    copyTree(fixture, data);
    try (PuffsEngine engine = PuffsEngine.start(JournalFixture.config(data))) {
      Mount mount = engine.restored().get("fixture");
      assertNotNull(mount, "the fixture's mount is restored");
      assertEquals(MountStatus.RECOVERING, await(mount.status()));
      await(mount.attach(engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs", Props.empty())));
      MountInfo info = await(mount.info());
      assertEquals(1, info.session());
      assertEquals(RecordLevel.MUTATIONS, info.recordLevel());
      if (fixtureName.equals("journal-v2")) {
        long replayed = info.link().replayTotal();
        assertTrue(replayed <= JournalFixture.V2_SNAPSHOT_EVERY,
            "v2 restores its newest server snapshot and replays only what came after it, not " + replayed);
      }
      try (Vnode root = await(mount.root()); Vnode docs = await(root.lookup("docs", Cred.ROOT))) {
        List<String> names = await(docs.readdir(0, 65536, 0, Cred.ROOT)).entries().stream().map(DirEntry::name)
            .filter(name -> !name.startsWith(".")).sorted().toList();
        assertEquals(List.of("notes", "readme"), names);
        assertEquals(JournalFixture.README, contents(docs, "readme"));
        assertEquals(JournalFixture.NOTES, contents(docs, "notes"));
      }
    }
  }

  private static String contents(Vnode dir, String name) {
    try (Vnode file = await(dir.lookup(name, Cred.ROOT))) {
      long size = await(file.getattr(Cred.ROOT)).size();
      return new String(await(file.read(0, (int) size, 0, Cred.ROOT)).toByteArray(), StandardCharsets.UTF_8);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
