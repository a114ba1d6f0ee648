package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A request parked while its mount recovers is not timed out for the time it waited: its request timeout counts from
 * when it is re-sent to the next server (time moved by hand, {@link ManualTime}).
 */
class ParkedRequestTimeoutTest {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config()
      .withFallback(ConfigFactory.parseString("jpuffs.engine.request-timeout = 10s"))
      .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load()));
  static final ManualTime time = ManualTime.get(testKit.system());
  static final EngineTesting t = new EngineTesting(testKit);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A memfs that takes requests and never answers them: only the engine's timeout ends a request. */
  private static ActorRef<ServerRuntime.Command> silentServer() {
    return t.serve(new MemFs(), new RequestInterceptor() {
      @Override
      public Verdict onRequest(PuffsRequest request) {
        return Verdict.DROP;
      }
    });
  }

  /** Whatever {@code stage} ends with, as a message on a probe: the errno, or OK. */
  private static TestProbe<Errno> outcome(CompletionStage<?> stage) {
    TestProbe<Errno> probe = testKit.createTestProbe();
    stage.whenComplete((value, failure) -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
          : failure;
      probe.getRef().tell(cause == null ? Errno.OK
          : cause instanceof PuffsException puffs ? puffs.errno() : Errno.EIO);
    });
    return probe;
  }

  /** A mount whose server is gone, with one mkdir parked. */
  private record Parked(Mount mount, TestProbe<Errno> mkdir) {}

  private static Parked parkOne() {
    ActorRef<ServerRuntime.Command> first = t.serve(new MemFs());
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), first));
    Vnode root = await(mount.root());
    testKit.stop(first, Duration.ofSeconds(10));
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(MountStatus.RECOVERING, await(mount.status()));
      return null;
    });
    TestProbe<Errno> mkdir = outcome(root.mkdir("d", RecoveryWorkload.DIR, Cred.ROOT));
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      MountInfo info = await(mount.info());
      assertEquals(1, info.link().parked(), "the mkdir is parked: " + info);
      return null;
    });
    return new Parked(mount, mkdir);
  }

  @Test
  void aRequestParkedLongerThanTheTimeoutGetsAFullTimeoutOnceReSent() {
    Parked parked = parkOne();
    time.expectNoMessageFor(TIMEOUT.multipliedBy(3), parked.mkdir());

    await(parked.mount().attach(silentServer()));
    time.expectNoMessageFor(TIMEOUT.minusSeconds(1), parked.mkdir());
    time.timePasses(Duration.ofSeconds(2));
    assertEquals(Errno.ETIMEDOUT, parked.mkdir().receiveMessage(Duration.ofSeconds(10)));
  }

  @Test
  void aRequestReSentBeforeItsTimerRanOutIsNotChargedForTheTimeParked() {
    Parked parked = parkOne();
    time.expectNoMessageFor(TIMEOUT.minusSeconds(2), parked.mkdir());

    await(parked.mount().attach(silentServer()));
    // 8 s parked + 9 s since the re-send: more than a timeout since it was first sent, less than one since re-sent.
    time.expectNoMessageFor(TIMEOUT.minusSeconds(1), parked.mkdir());
    // Within two timeouts of the re-send it has its answer.
    time.timePasses(TIMEOUT.plusSeconds(1));
    Errno result = parked.mkdir().receiveMessage(Duration.ofSeconds(10));
    assertEquals(Errno.ETIMEDOUT, result);
  }

  @Test
  void withoutParkingTheTimeoutCountsFromTheSend() {
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), silentServer()));
    TestProbe<Errno> statvfs = outcome(mount.statvfs(Cred.ROOT));
    time.expectNoMessageFor(TIMEOUT.minusSeconds(1), statvfs);
    time.timePasses(Duration.ofSeconds(2));
    assertEquals(Errno.ETIMEDOUT, statvfs.receiveMessage(Duration.ofSeconds(10)));
  }
}
