package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.engine.remote.RemoteEngine;
import org.jpuffs.engine.remote.RemoteServerJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server in a second JVM is killed with SIGKILL in the middle of a workload and a new server process registers for
 * the mount: the engine attaches it on its own ({@link RemoteEngine#mountWhenRegistered} keeps the mount served), the
 * parked requests go to it, and the workload finishes with no failed op and the reference model's tree. memfs lost
 * everything and is replayed from the op log; passthrough's directory survived and is reattached. About a minute:
 * tagged long.
 */
@Tag("long")
class RemoteCrashRecoveryTest {

  private static final String TOKEN = "crash-" + ThreadLocalRandom.current().nextLong();
  private static final int MODEL_OPS = EngineModelChecker.operations(1_000);
  private static final int WRITERS = 4;
  private static final int OPS_PER_WRITER = 250;
  /** Requests wait parked through detection, a JVM start and the catch-up: far longer than the tests' 3 s. */
  static final RemoteEngine engine = RemoteEngine.start(ConfigFactory.parseString(
      "jpuffs.engine { describe-timeout = 20s, request-timeout = 60s }"), ConfigFactory.load("application-test"),
      "127.0.0.1", 0);

  /** A client op waits through detection, a JVM start on a loaded machine (seen: 9 s) and the catch-up. */
  @BeforeAll
  static void patientClients() {
    EngineTesting.awaitLimit = Duration.ofSeconds(60);
  }

  @AfterAll
  static void stop() {
    EngineTesting.awaitLimit = Duration.ofSeconds(20);
    engine.close();
  }

  @Test
  void aKilledMemfsServerIsReplacedByTheNextToRegisterAndReplayed() throws Exception {
    String name = "crash-memfs";
    RemoteServerJvm first = RemoteServerJvm.start(engine, name, TOKEN, "memfs", List.of());
    try (first) {
      CompletableFuture<Mount> mounting = engine.mountWhenRegistered(MountRequest.of(name), TOKEN)
          .toCompletableFuture();
      first.awaitLine("registered");
      Mount mount = await(mounting);
      long seed = EngineModelChecker.seed();
      CountDownLatch half = new CountDownLatch(1);
      CompletableFuture<EngineModelChecker.Report> workload = CompletableFuture.supplyAsync(
          () -> EngineModelChecker.run(mount, seed, MODEL_OPS, done -> {
            if (done == MODEL_OPS / 2) {
              half.countDown();
            }
          }), runner());
      assertTrue(half.await(5, TimeUnit.MINUTES), "the workload got half-way");

      try (RemoteServerJvm second = killAndRestart(mount, first, name, "memfs")) {
        EngineModelChecker.Report report = workload.get(5, TimeUnit.MINUTES);
        System.out.println("remote crash recovery (memfs), seed " + seed + ": " + report);
        assertEquals(MODEL_OPS, report.operations());
        MountInfo after = await(mount.info());
        assertEquals(MountStatus.RUNNING, after.status());
        assertEquals(2, after.epoch());
        assertTrue(after.link().replayTotal() > 0, "the op log was replayed: " + after);
        await(mount.unmount(0));
      }
    }
  }

  @Test
  void aKilledPassthroughServerIsReplacedByTheNextToRegisterAndReattached(@TempDir Path served) throws Exception {
    String name = "crash-passthrough";
    String fs = "passthrough:" + served;
    RemoteServerJvm first = RemoteServerJvm.start(engine, name, TOKEN, fs, List.of());
    try (first) {
      CompletableFuture<Mount> mounting = engine.mountWhenRegistered(MountRequest.of(name), TOKEN)
          .toCompletableFuture();
      first.awaitLine("registered");
      Mount mount = await(mounting);
      RecoveryWorkload workload = new RecoveryWorkload(WRITERS, OPS_PER_WRITER, 10);
      CountDownLatch half = workload.after(WRITERS * OPS_PER_WRITER / 2);
      List<Thread> writers = workload.start(mount);
      assertTrue(half.await(5, TimeUnit.MINUTES), "the workload got half-way");

      try (RemoteServerJvm second = killAndRestart(mount, first, name, fs)) {
        RecoveryWorkload.join(writers);
        assertEquals(List.of(), List.copyOf(workload.failures));
        assertEquals(WRITERS * OPS_PER_WRITER, workload.done.get());
        workload.verify(mount);
        MountInfo after = await(mount.info());
        assertEquals(MountStatus.RUNNING, after.status());
        assertEquals(2, after.epoch());
        assertTrue(after.link().replayTotal() > 0, "the nodes were looked up again: " + after);
      }
    }
  }

  /**
   * SIGKILLs {@code first}, waits until the mount has seen it go, starts a new server process and waits until the
   * engine has attached it; prints how long each step took.
   */
  private static RemoteServerJvm killAndRestart(Mount mount, RemoteServerJvm first, String name, String fs) {
    TestProbe<Void> probe = TestProbe.create(engine.engine().system());
    long killed = System.nanoTime();
    first.kill();
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(20), () -> {
      assertEquals(MountStatus.RECOVERING, await(mount.status()));
      return null;
    });
    long detected = System.nanoTime();
    RemoteServerJvm second = RemoteServerJvm.start(engine, name, TOKEN, fs, List.of());
    second.awaitLine("registered");
    long registered = System.nanoTime();
    probe.awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(20), () -> {
      MountInfo info = await(mount.info());
      assertEquals(MountStatus.RUNNING, info.status());
      assertEquals(2, info.epoch());
      return null;
    });
    long recovered = System.nanoTime();
    System.out.printf("remote crash recovery (%s): loss detected %d ms after SIGKILL; new server registered %d ms"
        + " later; mount RUNNING again %d ms after the registration (%d ms after the kill)%n", fs.split(":")[0],
        millis(killed, detected), millis(detected, registered), millis(registered, recovered),
        millis(killed, recovered));
    return second;
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private static Executor runner() {
    return command -> {
      Thread thread = new Thread(command, "model workload");
      thread.setDaemon(true);
      thread.start();
    };
  }
}
