package org.jpuffs.api.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AsksTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A local message: the test kit's serialization check does not apply. */
  record Ping(String text, ActorRef<String> replyTo) implements NoSerializationVerificationNeeded {}

  /** Answers each ping with its text, from the thread it runs on (a dispatcher's). */
  static Behavior<Ping> echo() {
    return Behaviors.receiveMessage(ping -> {
      ping.replyTo().tell(ping.text() + " from " + Thread.currentThread().getName());
      return Behaviors.same();
    });
  }

  /** Asks an echo actor, the way the engine's actors ask each other, and reports back through a probe. */
  static Behavior<String> asker(ActorRef<Ping> echo, TestProbe<String> probe) {
    return Behaviors.setup(ctx -> Behaviors.receiveMessage(text -> {
      if (text.startsWith("ask ")) {
        Asks.ask(ctx, String.class, echo, TIMEOUT, replyTo -> new Ping(text.substring(4), replyTo),
            (answer, failure) -> failure == null ? "answered " + answer : "failed " + failure);
      } else {
        probe.ref().tell(text);
      }
      return Behaviors.same();
    }));
  }

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void anAnswersCallbacksRunOnTheAnsweringThreadNotOnAThreadOfTheirOwn() throws Exception {
    ActorRef<Ping> echo = testKit.spawn(echo());
    CompletableFuture<String> answer = Asks.<Ping, String>ask(echo, replyTo -> new Ping("hi", replyTo), TIMEOUT,
        testKit.scheduler());
    assertSame(CompletableFuture.class, answer.getClass(), "a plain future, whose callbacks stay synchronous");
    String callbackThread = answer.thenApply(text -> Thread.currentThread().getName())
        .get(5, TimeUnit.SECONDS);
    String answeringThread = answer.get().substring("hi from ".length());
    // Scala's CF would have run the callback on CompletableFuture's default pool: on 2 CPUs a new "Thread-N".
    assertTrue(callbackThread.equals(answeringThread) || callbackThread.equals(Thread.currentThread().getName()),
        callbackThread + " is neither the answering thread " + answeringThread + " nor the test's");
  }

  @Test
  void anActorsAskIsAdaptedToAMessageToItself() {
    TestProbe<String> probe = testKit.createTestProbe();
    ActorRef<String> asker = testKit.spawn(asker(testKit.spawn(echo()), probe));
    asker.tell("ask hello");
    assertTrue(probe.receiveMessage().startsWith("answered hello from "));
  }

  @Test
  void anUnansweredAskFailsWithATimeout() {
    TestProbe<Ping> silent = testKit.createTestProbe();
    CompletableFuture<String> answer = Asks.<Ping, String>ask(silent.ref(), replyTo -> new Ping("?", replyTo),
        Duration.ofMillis(100), testKit.scheduler());
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> answer.get(5, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, failure.getCause());
  }

  @Test
  void askOnHandsTheAnswerToTheGivenExecutor() throws Exception {
    ActorRef<Ping> echo = testKit.spawn(echo());
    AtomicInteger handedOver = new AtomicInteger();
    CompletableFuture<String> answer = Asks.<Ping, String>askOn(echo, replyTo -> new Ping("x", replyTo), TIMEOUT,
        testKit.scheduler(), task -> {
          handedOver.incrementAndGet();
          task.run();
        });
    assertTrue(answer.get(5, TimeUnit.SECONDS).startsWith("x from "));
    assertEquals(1, handedOver.get());
  }
}
