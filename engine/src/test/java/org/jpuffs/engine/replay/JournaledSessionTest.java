package org.jpuffs.engine.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.ModelWorkload;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.persistence.SessionInfo;
import org.jpuffs.persistence.SessionReader;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session recorded by a real engine on a LevelDB data dir — its op log, its start and end marks, the final state
 * its unmount captured — read back through the LevelDB session reader once the engine is gone, and replayed.
 */
class JournaledSessionTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path tmp;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static Config config(Path dataDir) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + dataDir + "\", fsync = off }")
        .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load());
  }

  /** Runs {@code ops} random operations on a memfs mount {@code name} at {@code level}, then unmounts. */
  private static void record(Path data, String name, RecordLevel level, int ops) {
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      ActorRef<ServerRuntime.Command> server = engine.system().systemActorOf(ServerRuntime.create(new MemFs()),
          "memfs", Props.empty());
      Mount mount = RecordedSession.await(engine.mount(MountRequest.of(name).withRecordLevel(level), server));
      ModelWorkload.run(mount, 7, ops);
      RecordedSession.await(mount.unmount(0));
    }
  }

  @Test
  void aFullSessionEndsWithItsFinalStateAndReplaysIntoMemfsWithoutDivergences() {
    Path data = tmp.resolve("data");
    record(data, "work", RecordLevel.FULL, 400);
    try (SessionReader reader = SessionReader.open(data)) {
      SessionInfo info = RecordedSession.await(reader.session("work", OptionalLong.empty())).orElseThrow();
      assertEquals("full", info.recordLevel());
      assertTrue(info.end().isPresent(), "the unmount ended the session");
      assertTrue(info.ops() > 400, "every request and reply is recorded: " + info.ops());
      assertTrue(info.finalState().isPresent(), "the unmount recorded the final state");
      assertTrue(info.finalState().get().entries().size() > 1, "the workload left files behind");

      ActorRef<ServerRuntime.Command> fresh = testKit.spawn(ServerRuntime.create(new MemFs()));
      Replayer replayer = RecordedSession.await(Replayer.connect(testKit.system(), fresh, info.rootCookie(),
          ReplayOptions.defaults()));
      ReplayReport report = RecordedSession.await(replayer.replay(reader.records("work", info.session()),
          info.finalState()));
      assertEquals(info.ops(), report.ops());
      assertTrue(report.finalStateCompared());
      assertEquals(0, report.divergenceCount(), () -> ReportText.summary(report));
    }
  }

  @Test
  void aSessionBelowFullEndsWithoutAFinalState() {
    Path data = tmp.resolve("data");
    record(data, "light", RecordLevel.MUTATIONS, 50);
    try (SessionReader reader = SessionReader.open(data)) {
      SessionInfo info = RecordedSession.await(reader.session("light", OptionalLong.empty())).orElseThrow();
      assertEquals("mutations", info.recordLevel());
      assertTrue(info.end().isPresent());
      assertEquals(Optional.empty(), info.finalState());
    }
  }
}
