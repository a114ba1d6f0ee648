package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.protocol.Errno;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** How client calls reach the engine's actors: answers, ENXIO once the mount is gone, and what a call leaves behind. */
class EngineCallsTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final ActorRef<ActorRef<String>> echo = testKit.spawn(Behaviors.receiveMessage(replyTo -> {
    replyTo.tell("answer");
    return Behaviors.same();
  }));

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static EngineCalls callsUntil(CompletableFuture<Void> gone) {
    return new EngineCalls(testKit.scheduler(), testKit.system().executionContext(), Duration.ofSeconds(5)).until(gone);
  }

  @Test
  void answeredCallsLeaveNothingWaitingForTheUnmount() {
    CompletableFuture<Void> gone = new CompletableFuture<>();
    EngineCalls calls = callsUntil(gone);
    for (int i = 0; i < 1000; i++) {
      assertEquals("answer", await(calls.<ActorRef<String>, String>ask(echo, replyTo -> replyTo)));
    }
    // one shared dependent, not one per call kept alive until the mount goes
    assertTrue(gone.getNumberOfDependents() <= 1, gone.getNumberOfDependents() + " dependents");
  }

  @Test
  void callsFailWithEnxioOnceTheMountIsGone() {
    CompletableFuture<Void> gone = new CompletableFuture<>();
    EngineCalls calls = callsUntil(gone);
    ActorRef<ActorRef<String>> silent = testKit.<ActorRef<String>>createTestProbe().getRef();
    CompletableFuture<String> waiting = calls.<ActorRef<String>, String>ask(silent, replyTo -> replyTo)
        .toCompletableFuture();
    gone.complete(null);
    assertEquals(Errno.ENXIO, errnoOf(waiting));
    assertEquals(Errno.ENXIO, errnoOf(calls.<ActorRef<String>, String>ask(echo, replyTo -> replyTo)));
  }

  @Test
  void anAnswerIsMappedOnTheEnginesDispatcher() {
    // Pekko's ask hands plain stages to CompletableFuture's default executor: the common pool, or a new thread per
    // stage on a machine of two cores or fewer. Neither may stand between a caller and every answer.
    EngineCalls calls = callsUntil(new CompletableFuture<>());
    String engineThreads = testKit.system().name() + "-";
    for (int i = 0; i < 50; i++) {
      Thread mappedOn = await(calls.<ActorRef<String>, String>ask(echo, replyTo -> replyTo)
          .thenApply(answer -> Thread.currentThread()));
      assertTrue(mappedOn == Thread.currentThread() || mappedOn.getName().startsWith(engineThreads),
          "mapped on " + mappedOn);
    }
  }
}
