package org.jpuffs.api.concurrent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function2;

/**
 * Pekko's asks without a thread per answer. {@code AskPattern.ask} (and with it {@code ActorContext.ask}) answers in
 * Scala's {@code FutureConvertersImpl.CF}, which turns every plain callback — {@code thenApply}, {@code handle},
 * {@code whenComplete}, the {@code handle} inside {@code pipeToSelf} — into its {@code *Async} twin on
 * {@code CompletableFuture}'s default pool. That pool is the common {@code ForkJoinPool}, unless the common pool has
 * a single thread (a 2-CPU machine, as here and in CI): then it is {@code ThreadPerTaskExecutor}, and every answer
 * to an actor's ask started a new thread. Measured with {@code CreateCostProbe}: a third of a create's CPU went to
 * {@code Thread.start}.
 *
 * <p>The asks here answer in a plain {@link CompletableFuture} completed on the thread that completes the ask (the
 * answering actor's, or the scheduler's on a timeout); {@link #ask(ActorContext, Class, RecipientRef, Duration,
 * Function, Function2)} then only tells the asking actor, so nothing but a tell runs there. A caller that runs code of its own
 * on the answer and is not an actor hands it to an executor of its choosing ({@link #askOn}).
 */
public final class Asks {

  /** Runs a callback on the thread that completes the future. */
  private static final Executor SAME_THREAD = Runnable::run;

  private Asks() {}

  /**
   * {@code ActorContext.ask}, with the same parameters: the answer of type {@code answer} (or the failure, a
   * {@code TimeoutException} after {@code timeout}) adapted to a message to the asking actor.
   */
  public static <T, M, R> void ask(ActorContext<T> context, Class<R> answer, RecipientRef<M> target,
      Duration timeout, Function<ActorRef<R>, M> message, Function2<R, Throwable, T> adapt) {
    context.pipeToSelf(Asks.<M, R>ask(target, message, timeout, context.getSystem().scheduler()), adapt);
  }

  /** {@code AskPattern.ask}, answered in a plain future completed on the answering thread. */
  public static <M, R> CompletableFuture<R> ask(RecipientRef<M> target, Function<ActorRef<R>, M> message,
      Duration timeout, Scheduler scheduler) {
    return plain(AskPattern.ask(target, message::apply, timeout, scheduler));
  }

  /** {@link #ask(RecipientRef, Function, Duration, Scheduler)} whose callbacks run on {@code executor}. */
  public static <M, R> CompletableFuture<R> askOn(RecipientRef<M> target, Function<ActorRef<R>, M> message,
      Duration timeout, Scheduler scheduler, Executor executor) {
    CompletableFuture<R> handedOver = new CompletableFuture<>();
    AskPattern.ask(target, message::apply, timeout, scheduler).whenCompleteAsync((value, failure) ->
        complete(handedOver, value, failure), executor);
    return handedOver;
  }

  /** {@code stage} as a plain {@link CompletableFuture}, completed on the thread that completes {@code stage}. */
  public static <T> CompletableFuture<T> plain(CompletionStage<T> stage) {
    if (stage.getClass() == CompletableFuture.class) {
      return (CompletableFuture<T>) stage;
    }
    CompletableFuture<T> plain = new CompletableFuture<>();
    // The *Async form with an executor of our own is the one callback a CF does not redirect.
    stage.whenCompleteAsync((value, failure) -> complete(plain, value, failure), SAME_THREAD);
    return plain;
  }

  private static <T> void complete(CompletableFuture<T> future, T value, Throwable failure) {
    if (failure != null) {
      future.completeExceptionally(failure);
    } else {
      future.complete(value);
    }
  }
}
