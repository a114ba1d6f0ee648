package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.engine.recovery.ServerFactory;
import org.jpuffs.servers.chaos.ChaosConfig;
import org.jpuffs.servers.chaos.ChaosInterceptor;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A registered server factory brings a mount back without anyone calling attach: the mount asks it for a new server
 * when the old one dies, and again, after a back-off, when the factory throws or its server dies too.
 */
class ServerFactoryTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "jpuffs.engine { request-timeout = 30s, recovery.restart { min-backoff = 20ms, max-backoff = 200ms } }")
      .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load()));
  static final EngineTesting t = new EngineTesting(testKit);
  static final int WRITERS = 8;
  static final int OPS_PER_WRITER = 1250;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A memfs whose runtime crashes on the first request after {@code crashAfter} (chaos crash-after-N). */
  private static Behavior<ServerRuntime.Command> chaosMemfs(long crashAfter) {
    MemFs memfs = new MemFs();
    ChaosInterceptor chaos = new ChaosInterceptor(ChaosConfig.builder().seed(crashAfter).crashAfter(crashAfter)
        .build(), memfs.mountSpec().rootCookie());
    return Behaviors.setup(ctx -> ServerRuntime.create(memfs,
        ServerRuntime.Settings.fromConfig(ctx.getSystem().settings().config()).withInterceptor(chaos)));
  }

  private static void awaitRunningWithEpochAtLeast(Mount mount, long epoch) {
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
      MountInfo info = await(mount.info());
      assertEquals(MountStatus.RUNNING, info.status());
      assertTrue(info.epoch() >= epoch, "epoch: " + info);
      return null;
    });
  }

  @Test
  void memfsStoppedMidWorkloadIsReplacedByTheFactoryAndNoClientOpFails() throws InterruptedException {
    ActorRef<ServerRuntime.Command> first = t.serve(new MemFs());
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), first));
    AtomicInteger made = new AtomicInteger();
    await(mount.setServerFactory(() -> {
      made.incrementAndGet();
      return ServerRuntime.create(new MemFs());
    }));
    RecoveryWorkload workload = new RecoveryWorkload(WRITERS, OPS_PER_WRITER, 31);
    CountDownLatch crash = workload.after(WRITERS * OPS_PER_WRITER / 2);
    List<Thread> writers = workload.start(mount);
    assertTrue(crash.await(2, TimeUnit.MINUTES));
    testKit.stop(first, Duration.ofSeconds(10));

    RecoveryWorkload.join(writers);
    assertEquals(List.of(), List.copyOf(workload.failures));
    assertEquals(WRITERS * OPS_PER_WRITER, workload.done.get());
    assertEquals(1, made.get(), "one server from the factory");
    MountInfo info = await(mount.info());
    assertEquals(MountStatus.RUNNING, info.status());
    assertEquals(2, info.epoch());
    assertTrue(info.link().replayTotal() > 0, "the factory's server was replayed: " + info);
    workload.verify(mount);
  }

  @Test
  void chaosCrashesAfterNAndAThrowingFactoryAreRetriedUntilTheMountConverges() throws InterruptedException {
    long crashAfter = WRITERS * OPS_PER_WRITER / 3;
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), testKit.spawn(chaosMemfs(crashAfter))));
    AtomicInteger asked = new AtomicInteger();
    ServerFactory factory = () -> {
      int attempt = asked.incrementAndGet();
      if (attempt == 1) {
        throw new IllegalStateException("no server today");
      }
      // The second server crashes again, in its replay or soon after; the third lives.
      return attempt == 2 ? chaosMemfs(crashAfter / 2) : ServerRuntime.create(new MemFs());
    };
    await(mount.setServerFactory(factory));
    RecoveryWorkload workload = new RecoveryWorkload(WRITERS, OPS_PER_WRITER, 32);
    List<Thread> writers = workload.start(mount);

    RecoveryWorkload.join(writers);
    assertEquals(List.of(), List.copyOf(workload.failures));
    assertEquals(WRITERS * OPS_PER_WRITER, workload.done.get());
    assertEquals(3, asked.get(), "the factory was asked again after it threw and after its server died");
    awaitRunningWithEpochAtLeast(mount, 3);
    workload.verify(mount);
  }
}
