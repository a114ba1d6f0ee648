package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.persistence.journal.DataDirInUseException;
import org.jpuffs.persistence.journal.JournalException;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LevelDB journal is what a restarted engine (a fresh actor system) gets its mounts back from. */
class JournalRestartTest {

  static final Vattr DIR = Vattr.builder().type(VType.VDIR).mode(0755).build();

  @TempDir
  Path tmp;

  private Config config(Path dataDir) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + dataDir + "\" }")
        .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load());
  }

  private static ActorRef<ServerRuntime.Command> serve(PuffsEngine engine) {
    return engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs-" + System.nanoTime(),
        Props.empty());
  }

  @Test
  void aMountThatWasNotUnmountedComesBackRecoveringAndRunsWhenAServerAttaches() {
    Path data = tmp.resolve("data");
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      assertTrue(engine.restored().isEmpty());
      Mount mount = await(engine.mount(MountRequest.of("home").withMountedOn("/home"), serve(engine)));
      try (Vnode root = await(mount.root())) {
        await(root.mkdir("d", DIR, Cred.ROOT)).release();
      }
    }
    // The engine stopped with the mount still mounted: the journal brings it back, waiting for a server.
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("home");
      assertEquals(MountStatus.RECOVERING, await(mount.status()));
      assertEquals("/home", mount.request().mountedOn());
      assertEquals(RecordLevel.MUTATIONS, mount.request().recordLevel());
      assertEquals(Errno.EBUSY, errnoOf(engine.mount(MountRequest.of("home"), serve(engine))),
          "a restored name is taken");
      await(mount.attach(serve(engine)));
      assertEquals(MountStatus.RUNNING, await(mount.status()));
      try (Vnode root = await(mount.root())) {
        await(root.getattr(Cred.ROOT));
      }
      await(mount.unmount(0));
    }
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      assertTrue(engine.restored().isEmpty(), "an unmounted session is not restored");
      // The name's next session is a new one.
      Mount again = await(engine.mount(MountRequest.of("home"), serve(engine)));
      assertEquals(MountStatus.RUNNING, await(again.status()));
    }
  }

  @Test
  void memfsMountsComeBackFromTheJournalInAFreshActorSystemWithEveryAcknowledgedMutation()
      throws InterruptedException {
    Path data = tmp.resolve("data");
    RecoveryWorkload workload = new RecoveryWorkload(4, 300, 11);
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = await(engine.mount(MountRequest.of("mem"), serve(engine)));
      RecoveryWorkload.join(workload.start(mount));
      assertEquals(java.util.List.of(), java.util.List.copyOf(workload.failures));
    }
    // A new JVM in all but name: a fresh actor system, the memfs state gone, only the journal left.
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("mem");
      await(mount.attach(serve(engine)));
      workload.verify(mount);
      MountInfo info = await(mount.info());
      assertEquals(MountStatus.RUNNING, info.status());
      assertEquals(2, info.epoch());
      assertTrue(info.link().replayTotal() > 1000, "the op log was replayed: " + info);
    }
  }

  @Test
  void aWriteNoClientSyncedSurvivesTheEngineClose() {
    Path data = tmp.resolve("data");
    byte[] text = "still in the write-back cache at close".getBytes(StandardCharsets.UTF_8);
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = await(engine.mount(MountRequest.of("wb"), serve(engine)));
      Vnode root = await(mount.root());
      Vnode file = await(root.create("f", Vattr.builder().type(VType.VREG).mode(0644).build(), Cred.ROOT));
      await(file.write(0, Bytes.of(text), 0, Cred.ROOT));
      // Still referenced, so no INACTIVE pushes the pages: only the close can.
    }
    // The close pushed the dirty pages (as an unmount's sync does), so they are in the op log the replay feeds.
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("wb");
      await(mount.attach(serve(engine)));
      try (Vnode root = await(mount.root()); Vnode file = await(root.lookup("f", Cred.ROOT))) {
        assertEquals(text.length, await(file.getattr(Cred.ROOT)).size());
        assertArrayEquals(text, await(file.read(0, 4096, 0, Cred.ROOT)).toByteArray());
      }
    }
  }

  @Test
  void aSecondEngineOnTheSameDataDirIsToldWhoHoldsIt() {
    Path data = tmp.resolve("data");
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      assertTrue(engine.restored().isEmpty());
      DataDirInUseException e = assertThrows(DataDirInUseException.class, () -> PuffsEngine.start(config(data)));
      assertTrue(e.getMessage().contains(data.toAbsolutePath().normalize().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    }
  }

  @Test
  void aDeletedJournalIsReportedInsteadOfStartingEmpty() throws IOException {
    Path data = tmp.resolve("data");
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      await(engine.mount(MountRequest.of("home"), serve(engine)));
    }
    deleteTree(data.resolve("journal"));
    JournalException e = assertThrows(JournalException.class, () -> PuffsEngine.start(config(data)));
    assertTrue(e.getMessage().contains(data.resolve("journal").toAbsolutePath().normalize().toString()),
        e.getMessage());
  }

  @Test
  void aCorruptJournalIsReportedInsteadOfStartingEmpty() throws IOException {
    Path data = tmp.resolve("data");
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      await(engine.mount(MountRequest.of("home"), serve(engine)));
    }
    try (Stream<Path> files = Files.list(data.resolve("journal"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("MANIFEST")).toList()) {
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
    }
    JournalException e = assertThrows(JournalException.class, () -> PuffsEngine.start(
        ConfigFactory.parseString("jpuffs.engine.journal-timeout = 2s").withFallback(config(data))));
    assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
