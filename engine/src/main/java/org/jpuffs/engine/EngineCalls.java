package org.jpuffs.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/**
 * How the client API talks to the engine's actors: an ask whose timeout becomes ETIMEDOUT and whose other failures
 * (a stopped actor) become ENXIO, so that callers only ever see {@link PuffsException}s. A call's stage completes on
 * the actor system's dispatcher.
 */
final class EngineCalls {

  private final Scheduler scheduler;
  /**
   * Where an answer is mapped and the caller's stages start: the actor system's dispatcher. Pekko's ask returns
   * Scala's CompletableFuture, whose plain {@code thenApply}/{@code applyToEither} run on CompletableFuture's default
   * executor instead: the common pool, or on a machine of two cores or fewer a new thread per stage, which cost
   * several times the whole round trip. Not inline either: that would run callers' stages inside the actor that
   * answered.
   */
  private final Executor dispatcher;
  private final Duration timeout;
  private final CompletableFuture<Void> gone;
  /**
   * Fails with ENXIO when {@code gone} completes. Made once and shared by every call: a call's own dependent on
   * {@code gone} would stay there until the unmount (a leak per call), whereas a call's link to this future is
   * dropped as soon as the call is answered.
   */
  private final CompletableFuture<?> unmounted;

  EngineCalls(Scheduler scheduler, Executor dispatcher, Duration timeout) {
    this(scheduler, dispatcher, timeout, new CompletableFuture<>());
  }

  private EngineCalls(Scheduler scheduler, Executor dispatcher, Duration timeout, CompletableFuture<Void> gone) {
    this.scheduler = scheduler;
    this.dispatcher = dispatcher;
    this.timeout = timeout;
    this.gone = gone;
    this.unmounted = gone.thenApply(done -> {
      throw new PuffsException(Errno.ENXIO, "unmounted");
    });
  }

  /**
   * Calls that fail with ENXIO as soon as {@code gone} completes (the mount's actor stopped), rather than waiting
   * for an ask to a dead actor to time out.
   */
  EngineCalls until(CompletableFuture<Void> gone) {
    return new EngineCalls(scheduler, dispatcher, timeout, gone);
  }

  /**
   * The same calls without the early ENXIO: for the one call whose own answer must win over the mount going away,
   * the unmount that makes it go.
   */
  EngineCalls ignoringGone() {
    return new EngineCalls(scheduler, dispatcher, timeout, new CompletableFuture<>());
  }

  /** Asks {@code target} with the engine's timeout. */
  <M, R> CompletionStage<R> ask(RecipientRef<M> target, Function<ActorRef<R>, M> message) {
    return ask(target, message, timeout);
  }

  /** Asks {@code target} with {@code timeout}. */
  <M, R> CompletionStage<R> ask(RecipientRef<M> target, Function<ActorRef<R>, M> message, Duration timeout) {
    if (gone.isDone()) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.ENXIO, "unmounted"));
    }
    CompletionStage<R> answer = AskPattern.ask(target, message, timeout, scheduler);
    return answer.applyToEitherAsync(unmounted(), r -> r, dispatcher).exceptionally(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof PuffsException puffs) {
        throw puffs;
      }
      if (gone.isDone()) {
        // An ask that reached the actor just as it stopped.
        throw new PuffsException(Errno.ENXIO, "unmounted");
      }
      throw cause instanceof TimeoutException
          ? new PuffsException(Errno.ETIMEDOUT, "no answer from the engine within " + timeout, cause)
          : new PuffsException(Errno.ENXIO, "engine unreachable", cause);
    });
  }

  /** {@link #unmounted} typed for a call: it never completes normally, so no value of the wrong type can escape. */
  @SuppressWarnings("unchecked")
  private <R> CompletionStage<R> unmounted() {
    return (CompletionStage<R>) unmounted;
  }

  /** The scheduler, for callers that need their own timeouts. */
  Scheduler scheduler() {
    return scheduler;
  }
}
