package org.jpuffs.engine.replay;

import static org.jpuffs.engine.replay.RecordedSession.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.persistence.oplog.OpRecord;
import org.jpuffs.servers.chaos.ChaosConfig;
import org.jpuffs.servers.chaos.ChaosFault;
import org.jpuffs.servers.chaos.ChaosInterceptor;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acceptance run, too long for every build ({@code -Djpuffs.replay.large=true} turns it on): a session
 * of at least {@value #MIN_RECORDS} server ops replays into memfs without a divergence, into a server that answers
 * some GETATTRs with EIO with exactly those divergences, and with its original timing; it prints the throughput and
 * the timing error that {@code docs/replay.md} quotes.
 */
@EnabledIfSystemProperty(named = "jpuffs.replay.large", matches = "true")
class LargeSessionReplayTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final PuffsEngine engine = PuffsEngine.attach(testKit.system(), testKit.system().settings().config());
  static final int MIN_RECORDS = 50_000;
  static final int MODEL_OPS = Integer.getInteger("jpuffs.replay.large.ops", 7_500);
  static final int RUNS = Integer.getInteger("jpuffs.replay.large.runs", 5);
  static RecordedSession session;

  @BeforeAll
  static void recordOnce() {
    session = RecordedSession.record(testKit, engine, new MemFs(), 50, MODEL_OPS);
  }

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void aLargeSessionReplaysIntoMemfsWithoutDivergence() {
    assertTrue(session.records().size() >= MIN_RECORDS, "only " + session.records().size() + " records");
    // the first runs warm the JIT up; the best one is the figure (the machine is shared: later runs are not always
    // quieter)
    ReplayReport report = null;
    for (int run = 0; run < RUNS; run++) {
      long cpuBefore = processCpuNanos();
      report = replay(new MemFs(), ReplayOptions.defaults(), null);
      long cpu = processCpuNanos() - cpuBefore;
      assertTrue(report.matches(), describe(report));
      System.out.printf("replay asap into memfs: %d ops in %.2f s = %.0f ops/s, %.1f us of CPU per op%n",
          report.ops(), report.wallNanos() / 1e9, report.opsPerSecond(), cpu / 1e3 / report.ops());
    }
    System.out.println(ReportText.summary(report));
  }

  /**
   * The longest chain of ops that must run one after the other under the asap rules ({@link DependencyKeys}): a
   * replay needs at least that many round trips in a row, whatever the parallelism.
   */
  @Test
  void theCriticalPathOfTheSession() {
    Map<Object, Long> lastWrite = new HashMap<>();
    Map<Object, Long> deepestRead = new HashMap<>();
    long barrier = 0;
    long longest = 0;
    RecordedTypes types = new RecordedTypes(session.root());
    for (OpRecord r : session.records()) {
      DependencyKeys keys = DependencyKeys.of(r, types);
      types.learn(r);
      long depth = barrier;
      if (keys.isBarrier()) {
        depth = Math.max(depth, longest);
      }
      for (Object c : keys.reads()) {
        depth = Math.max(depth, lastWrite.getOrDefault(c, 0L));
      }
      for (Object c : keys.writes()) {
        depth = Math.max(depth, Math.max(lastWrite.getOrDefault(c, 0L), deepestRead.getOrDefault(c, 0L)));
      }
      depth++;
      if (keys.isBarrier()) {
        barrier = depth;
        lastWrite.clear();
        deepestRead.clear();
      }
      for (Object c : keys.reads()) {
        deepestRead.merge(c, depth, Math::max);
      }
      for (Object c : keys.writes()) {
        lastWrite.put(c, depth);
        deepestRead.remove(c);
      }
      longest = Math.max(longest, depth);
    }
    System.out.printf("critical path: %d of %d ops must run one after the other%n", longest,
        session.records().size());
    assertTrue(longest <= session.records().size());
  }

  /**
   * The ceiling on the same machine in the same run: as many GETATTRs of the root as the session has records, sent
   * straight to a memfs runtime with as many in flight as the replay keeps, no dependencies, no comparison.
   */
  @Test
  void theBareServerRuntimeForComparison() {
    MemFs memfs = new MemFs();
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(memfs));
    Cookie root = memfs.mountSpec().rootCookie();
    for (int run = 0; run < 3; run++) {
      try (ServerChannel channel = new ServerChannel(testKit.system(), runtime, RecordedSession.TIMEOUT)) {
        long start = System.nanoTime();
        int n = session.records().size();
        await(Source.range(1, n)
            .mapAsyncUnordered(ReplayOptions.defaults().parallelism(),
                i -> channel.send(PuffsRequest.of(i, root, Cred.ROOT, 0, new VnOp.Getattr())))
            .runWith(Sink.ignore(), testKit.system()));
        long nanos = System.nanoTime() - start;
        System.out.printf("bare runtime, getattr: %d ops in %.2f s = %.0f ops/s%n", n, nanos / 1e9, n * 1e9 / nanos);
      }
    }
    testKit.stop(runtime);
  }

  @Test
  void aLargeSessionIntoAServerWithInjectedErrnosDivergesExactlyThere() {
    ChaosInterceptor chaos = new ChaosInterceptor(ChaosConfig.builder().seed(5).errors(0.01, Errno.EIO)
        .onlyOps(VnOpType.GETATTR).build(), new MemFs().mountSpec().rootCookie());
    ReplayReport report = replay(new MemFs(), ReplayOptions.defaults(), chaos);
    long injected = chaos.counters().count(ChaosFault.ERROR);
    System.out.printf("chaos: %d EIO injected, %d divergences%n", injected, report.divergenceCount());
    assertTrue(injected > 0);
    assertEquals(injected, report.divergenceCount(), describe(report));
    report.divergences().forEach(d -> assertEquals("VN GETATTR", d.op(), d.toString()));
  }

  @Test
  void originalTimingReportsItsError() {
    for (double speed : new double[] {1, 10}) {
      ReplayReport report = replay(new MemFs(), ReplayOptions.defaults().withTiming(ReplayOptions.Timing.ORIGINAL)
          .withSpeed(speed), null);
      assertTrue(report.matches(), describe(report));
      TimingAccuracy t = report.timing().orElseThrow();
      System.out.printf("original timing, speed %.0f: scheduled %.3f s, took %.3f s, elapsed-time error %.2f %%, "
              + "mean issue lag %.1f us, max %.1f ms%n", speed, t.scheduledNanos() / 1e9, t.actualNanos() / 1e9,
          t.elapsedErrorPercent(), t.meanLagNanos() / 1e3, t.maxLagNanos() / 1e6);
    }
  }

  private static ReplayReport replay(FileSystemServer server, ReplayOptions options, ChaosInterceptor chaos) {
    ServerRuntime.Settings settings = ServerRuntime.Settings.fromConfig(testKit.system().settings().config());
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(server,
        chaos == null ? settings : settings.withInterceptor(chaos)));
    Replayer replayer = await(Replayer.connect(testKit.system(), runtime, session.root(), options));
    ReplayReport report = await(replayer.replay(session.source(),
        chaos == null ? Optional.of(session.finalState()) : Optional.empty()));
    testKit.stop(runtime);
    return report;
  }

  private static String describe(ReplayReport report) {
    return report.divergenceCount() + " divergences, first: " + report.divergences().stream().limit(20).toList();
  }

  /** The CPU time of the whole JVM so far: a machine shared with other builds slows the wall clock, not this. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
