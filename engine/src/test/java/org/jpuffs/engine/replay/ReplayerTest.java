package org.jpuffs.engine.replay;

import static org.jpuffs.engine.replay.RecordedSession.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.servers.chaos.ChaosConfig;
import org.jpuffs.servers.chaos.ChaosFault;
import org.jpuffs.servers.chaos.ChaosInterceptor;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session recorded over memfs (the model test's random workload) replayed into fresh servers: memfs reproduces it
 * exactly, passthrough up to what Linux cannot do; a server that answers some GETATTRs with EIO is caught
 * at exactly those ops, and a server whose RENAME does nothing at the first RENAME.
 */
class ReplayerTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final PuffsEngine engine = PuffsEngine.attach(testKit.system(), testKit.system().settings().config());
  static final long SEED = 8;
  static final int OPS = 2_000;
  static RecordedSession session;

  @BeforeAll
  static void recordOnce() {
    session = RecordedSession.record(testKit, engine, new MemFs(), SEED, OPS);
  }

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSessionReplaysIntoFreshMemfsWithoutDivergence() {
    ReplayReport report = replayInto(new MemFs(), ReplayOptions.defaults());
    assertTrue(report.matches(), () -> describe(report));
    assertEquals(session.records().size(), report.ops());
    assertTrue(report.finalStateCompared());
    assertTrue(report.replayLatency().containsKey("VN LOOKUP"), report.replayLatency().keySet().toString());
  }

  /**
   * memfs and a passthrough over Linux differ in one thing the workload meets: Linux cannot change a symbolic link's
   * mode (no lchmod), so passthrough answers that SETATTR with EOPNOTSUPP and its links keep mode 777. Those are the
   * only divergences.
   */
  @Test
  void aMemfsSessionIntoPassthroughDivergesOnlyWhereLinuxCannotChmodASymlink(@TempDir Path dir) throws IOException {
    ReplayReport report = replayInto(session, new PassthroughFs(Files.createDirectory(dir.resolve("served"))),
        ReplayOptions.defaults());
    for (Divergence d : report.divergences()) {
      boolean setattr = d.op().equals("VN SETATTR") && d.what().equals("errno EOPNOTSUPP, recorded OK");
      boolean linkMode = d.what().startsWith("mode 777, recorded");
      assertTrue(setattr || linkMode, () -> "unexpected divergence " + d + " among " + describe(report));
    }
  }

  @Test
  void originalTimingReportsHowWellTheIssueTimesWereKept() {
    ReplayReport report = replayInto(new MemFs(), ReplayOptions.defaults()
        .withTiming(ReplayOptions.Timing.ORIGINAL).withSpeed(4));
    assertTrue(report.matches(), () -> describe(report));
    TimingAccuracy timing = report.timing().orElseThrow();
    assertTrue(timing.scheduledNanos() > 0, timing.toString());
  }

  @Test
  void injectedErrnosAreExactlyTheDivergences() {
    ChaosInterceptor chaos = new ChaosInterceptor(ChaosConfig.builder().seed(3).errors(0.05, Errno.EIO)
        .onlyOps(VnOpType.GETATTR).build(), new MemFs().mountSpec().rootCookie());
    ActorRef<ServerRuntime.Command> server = testKit.spawn(ServerRuntime.create(new MemFs(),
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withInterceptor(chaos)));
    Replayer replayer = await(Replayer.connect(testKit.system(), server, session.root(), ReplayOptions.defaults()));
    // no final-state comparison: its own GETATTRs would meet the chaos too (and GETATTR changes no state)
    ReplayReport report = await(replayer.replay(session.source()));
    long injected = chaos.counters().count(ChaosFault.ERROR);
    assertTrue(injected > 0, "the chaos server injected nothing");
    assertEquals(injected, report.divergenceCount(), () -> describe(report));
    for (Divergence d : report.divergences()) {
      assertEquals("VN GETATTR", d.op(), d.toString());
      assertTrue(d.what().startsWith("errno EIO"), d.toString());
      assertTrue(d.path().startsWith("/"), d.toString());
    }
  }

  @Test
  void aServerThatLosesRenamesDivergesWithOpAndPath() {
    ReplayReport report = replayInto(new RenameKeepsNothing(new MemFs()), ReplayOptions.defaults());
    assertFalse(report.matches());
    Divergence first = report.divergences().get(0);
    assertEquals("VN RENAME", first.op(), first.toString());
    assertTrue(first.path().startsWith("/"), first.toString());
    assertTrue(report.divergences().stream().anyMatch(d -> d.op().equals("final state")),
        () -> describe(report));
  }

  /** The count and the first divergences, for a failure message of readable length. */
  private static String describe(ReplayReport report) {
    return report.divergenceCount() + " divergences, first: " + report.divergences().stream().limit(20).toList();
  }

  private static ReplayReport replayInto(FileSystemServer server, ReplayOptions options) {
    return replayInto(session, server, options);
  }

  private static ReplayReport replayInto(RecordedSession session, FileSystemServer server, ReplayOptions options) {
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(server));
    Replayer replayer = await(Replayer.connect(testKit.system(), runtime, session.root(), options));
    ReplayReport report = await(replayer.replay(session.source(), Optional.of(session.finalState())));
    testKit.stop(runtime);
    return report;
  }
}
