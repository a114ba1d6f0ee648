package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.servers.memfs.MemFs;

/**
 * Writes the committed journal fixture ({@code src/test/resources/journal-v1}): a data dir whose mount {@code fixture}
 * (memfs, record level mutations) holds {@code /docs/readme} = {@link #README}, {@code /docs/notes} (renamed from
 * {@code draft}) = {@link #NOTES}, and was left mounted. {@link JournalFixtureTest} replays it; every later build must.
 * Run: {@code java -cp <test classpath> org.jpuffs.engine.JournalFixture engine/src/test/resources/journal-v1}.
 */
final class JournalFixture {

  static final String README = "written by jpuffs 0.1.0, journal format 1\n";
  static final String NOTES = "renamed before the engine stopped\n";

  private JournalFixture() {}

  static Config config(Path dataDir) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + dataDir + "\" }")
        .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load());
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    if (Files.exists(dataDir)) {
      throw new IllegalStateException(dataDir + " exists; remove it first");
    }
    try (PuffsEngine engine = PuffsEngine.start(config(dataDir))) {
      var server = engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs", Props.empty());
      Mount mount = await(engine.mount(MountRequest.of("fixture"), server));
      try (Vnode root = await(mount.root()); Vnode docs = await(root.mkdir("docs", RecoveryWorkload.DIR,
          Cred.ROOT))) {
        try (Vnode readme = await(docs.create("readme", RecoveryWorkload.FILE, Cred.ROOT))) {
          await(readme.write(0, Bytes.of(README.getBytes(StandardCharsets.UTF_8)), 0, Cred.ROOT));
        }
        try (Vnode draft = await(docs.create("draft", RecoveryWorkload.FILE, Cred.ROOT))) {
          await(draft.write(0, Bytes.of(NOTES.getBytes(StandardCharsets.UTF_8)), 0, Cred.ROOT));
          await(docs.rename(draft, "draft", docs, null, "notes", Cred.ROOT));
        }
        try (Vnode gone = await(docs.create("scratch", RecoveryWorkload.FILE, Cred.ROOT))) {
          await(docs.remove(gone, "scratch", Cred.ROOT));
        }
      }
    }
    // The lock file names this process; the fixture must not claim a pid.
    Files.deleteIfExists(dataDir.resolve("engine.lock"));
  }
}
