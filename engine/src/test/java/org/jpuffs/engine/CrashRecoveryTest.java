package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that dies in the middle of concurrent writers costs no client op: the mount goes RECOVERING, parks the
 * requests, and a new server catches up (memfs: replay of the op log; passthrough: reattach, its nodes looked up
 * again) before they are re-sent.
 */
class CrashRecoveryTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "jpuffs.engine { request-timeout = 30s }")
      .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load()));
  static final EngineTesting t = new EngineTesting(testKit);
  static final int WRITERS = 8;
  static final int OPS_PER_WRITER = Integer.getInteger("jpuffs.recovery.ops", 1250);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** Waits until requests are parked at the dead server's door, and returns the mount's report then. */
  private static MountInfo parkedReport(Mount mount) {
    AtomicReference<MountInfo> seen = new AtomicReference<>();
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
      MountInfo info = await(mount.info());
      assertEquals(MountStatus.RECOVERING, info.status());
      assertTrue(info.link().parked() > 0, "requests parked: " + info);
      seen.set(info);
      return null;
    });
    return seen.get();
  }

  @Test
  void memfsStoppedMidWorkloadIsReplayedAndNoClientOpFails() throws InterruptedException {
    ActorRef<ServerRuntime.Command> first = t.serve(new MemFs());
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), first));
    RecoveryWorkload workload = new RecoveryWorkload(WRITERS, OPS_PER_WRITER, 6);
    int total = WRITERS * OPS_PER_WRITER;
    CountDownLatch crash = workload.after(total / 2);
    List<Thread> writers = workload.start(mount);
    assertTrue(crash.await(2, TimeUnit.MINUTES));
    testKit.stop(first, Duration.ofSeconds(10));
    MountInfo during = parkedReport(mount);
    assertEquals(1, during.epoch());

    await(mount.attach(t.serve(new MemFs())));
    RecoveryWorkload.join(writers);

    assertEquals(List.of(), List.copyOf(workload.failures));
    assertEquals(total, workload.done.get());
    MountInfo after = await(mount.info());
    assertEquals(MountStatus.RUNNING, after.status());
    assertEquals(2, after.epoch());
    assertTrue(after.link().replayTotal() > 0, "the op log was replayed: " + after);
    workload.verify(mount);
  }

  @Test
  void memfsCrashingAfterNRequestsMidWorkloadIsReplayedAndNoClientOpFails() throws InterruptedException {
    AtomicLong served = new AtomicLong();
    long crashAfter = WRITERS * OPS_PER_WRITER;
    ActorRef<ServerRuntime.Command> first = t.serve(new MemFs(), new RequestInterceptor() {
      @Override
      public Verdict onRequest(PuffsRequest request) {
        return served.incrementAndGet() > crashAfter ? Verdict.CRASH : Verdict.CONTINUE;
      }
    });
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), first));
    RecoveryWorkload workload = new RecoveryWorkload(WRITERS, OPS_PER_WRITER, 8);
    List<Thread> writers = workload.start(mount);
    parkedReport(mount);
    assertTrue(workload.done.get() < WRITERS * OPS_PER_WRITER, "the crash came in the middle");

    await(mount.attach(t.serve(new MemFs())));
    RecoveryWorkload.join(writers);
    assertEquals(List.of(), List.copyOf(workload.failures));
    workload.verify(mount);
  }

  @Test
  void passthroughStoppedMidWorkloadIsReattachedAndNoClientOpFails(@TempDir Path served)
      throws InterruptedException {
    ActorRef<ServerRuntime.Command> first = t.serve(new PassthroughFs(served));
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), first));
    RecoveryWorkload workload = new RecoveryWorkload(WRITERS, OPS_PER_WRITER, 9);
    int total = WRITERS * OPS_PER_WRITER;
    CountDownLatch crash = workload.after(total / 2);
    List<Thread> writers = workload.start(mount);
    assertTrue(crash.await(2, TimeUnit.MINUTES));
    testKit.stop(first, Duration.ofSeconds(10));
    parkedReport(mount);

    await(mount.attach(t.serve(new PassthroughFs(served))));
    RecoveryWorkload.join(writers);
    assertEquals(List.of(), List.copyOf(workload.failures));
    assertEquals(total, workload.done.get());
    assertTrue(await(mount.info()).link().replayTotal() > 0, "the nodes were re-resolved");
    workload.verify(mount);
  }

  @Test
  void aServerThatDiesDuringItsReplayIsFollowedByAnotherAndTheMountConverges() throws InterruptedException {
    ActorRef<ServerRuntime.Command> first = t.serve(new MemFs());
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), first));
    RecoveryWorkload workload = new RecoveryWorkload(WRITERS, OPS_PER_WRITER / 4, 7);
    CountDownLatch crash = workload.after(WRITERS * OPS_PER_WRITER / 8);
    List<Thread> writers = workload.start(mount);
    assertTrue(crash.await(2, TimeUnit.MINUTES));
    testKit.stop(first, Duration.ofSeconds(10));
    parkedReport(mount);

    // The second server dies on its first replayed request; the attach fails and the mount keeps waiting.
    ActorRef<ServerRuntime.Command> second = t.serve(new MemFs(), new RequestInterceptor() {
      @Override
      public Verdict onRequest(PuffsRequest request) {
        return Verdict.CRASH;
      }
    });
    assertEquals(org.jpuffs.api.protocol.Errno.EAGAIN, EngineTesting.errnoOf(mount.attach(second)));
    assertEquals(MountStatus.RECOVERING, await(mount.status()));

    await(mount.attach(t.serve(new MemFs())));
    RecoveryWorkload.join(writers);
    assertEquals(List.of(), List.copyOf(workload.failures));
    assertEquals(3, await(mount.info()).epoch());
    workload.verify(mount);
  }
}
