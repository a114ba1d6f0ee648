package org.jpuffs.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 * (a stopped actor) become ENXIO, so that callers only ever see {@link PuffsException}s.
 */
final class EngineCalls {

  private final Scheduler scheduler;
  private final Duration timeout;
  private final CompletableFuture<Void> gone;

  EngineCalls(Scheduler scheduler, Duration timeout) {
    this(scheduler, timeout, new CompletableFuture<>());
  }

  private EngineCalls(Scheduler scheduler, Duration timeout, CompletableFuture<Void> gone) {
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.gone = gone;
  }

  /**
   * Calls that fail with ENXIO as soon as {@code gone} completes (the mount's actor stopped), rather than waiting
   * for an ask to a dead actor to time out.
   */
  EngineCalls until(CompletableFuture<Void> gone) {
    return new EngineCalls(scheduler, timeout, gone);
  }

  /**
   * The same calls without the early ENXIO: for the one call whose own answer must win over the mount going away,
   * the unmount that makes it go.
   */
  EngineCalls ignoringGone() {
    return new EngineCalls(scheduler, timeout, new CompletableFuture<>());
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
    CompletableFuture<R> unmounted = gone.thenApply(done -> {
      throw new PuffsException(Errno.ENXIO, "unmounted");
    });
    CompletionStage<R> answer = AskPattern.ask(target, message, timeout, scheduler);
    return answer.applyToEither(unmounted, r -> r).exceptionally(failure -> {
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

  /** The scheduler, for callers that need their own timeouts. */
  Scheduler scheduler() {
    return scheduler;
  }
}
