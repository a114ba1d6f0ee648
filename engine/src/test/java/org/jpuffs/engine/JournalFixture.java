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
 * Writes a committed journal fixture: a data dir whose mount {@code fixture} (memfs, record level mutations) holds
 * {@code /docs/readme} = {@link #README}, {@code /docs/notes} (renamed from {@code draft}) = {@link #NOTES}, and was
 * left mounted. {@link JournalFixtureTest} replays each; every later build must. {@code journal-v1} (Session 2) has no
 * server snapshot; {@code journal-v2} (Session 15) takes one every {@value #V2_SNAPSHOT_EVERY} mutations, so it holds
 * memfs snapshot files and an op-log window saved with its covered records encoded.
 * Run: {@code java -cp <test classpath> org.jpuffs.engine.JournalFixture engine/src/test/resources/journal-vN [EVERY]}.
 */
final class JournalFixture {

  static final String README = "written by jpuffs 0.1.0, journal format 1\n";
  static final String NOTES = "renamed before the engine stopped\n";

  private JournalFixture() {}

  /** Mutations between server snapshots in {@code journal-v2}. */
  static final int V2_SNAPSHOT_EVERY = 3;

  static Config config(Path dataDir) {
    return config(dataDir, 10_000);
  }

  static Config config(Path dataDir, int snapshotEvery) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + dataDir + "\" }\n"
        + "jpuffs.engine.recovery.server-snapshot-every = " + snapshotEvery)
        .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load());
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    if (Files.exists(dataDir)) {
      throw new IllegalStateException(dataDir + " exists; remove it first");
    }
    int snapshotEvery = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    try (PuffsEngine engine = PuffsEngine.start(config(dataDir, snapshotEvery))) {
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
