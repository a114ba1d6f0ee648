package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** No server within the recovery deadline: the puffs behaviour, ENXIO for every waiter and the mount unmounted. */
class RecoveryDeadlineTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "jpuffs.engine { request-timeout = 20s, recovery.deadline = 300ms }")
      .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load()));
  static final EngineTesting t = new EngineTesting(testKit);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void aMountNobodyAttachesToInTimeFailsItsParkedRequestsWithEnxioAndIsUnmounted() {
    ActorRef<ServerRuntime.Command> runtime = t.serve(new TestServer());
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), runtime));
    Vnode root = await(mount.root());
    testKit.stop(runtime, Duration.ofSeconds(5));
    CompletionStage<Vattr> parked = root.getattr(Cred.ROOT);
    assertEquals(Errno.ENXIO, errnoOf(parked));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(Errno.ENXIO, errnoOf(mount.status()), "the mount is gone");
      return null;
    });
  }
}
