package org.jpuffs.engine.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Lets the thread that hands the engine a request run the engine's work for it: the actor messages the request sends,
 * the server's reply, the completion of the caller's future. The FUSE bridge uses it around each request it reads, so
 * the reader thread does what a libfuse worker does instead of waking a dispatcher thread and sleeping (see
 * {@link CallerRunsExecutor} for why that matters).
 *
 * <p>While {@link #run} runs {@code work}, tasks the calling thread submits to a {@link CallerRunsExecutor} wake no
 * worker; afterwards the caller runs queued tasks until none is left (a bounded number), and wakes a worker for any
 * rest. It never waits: work that continues elsewhere (a server on another thread or host, the journal) finishes on the
 * engine's workers as before, so a request that blocks (a lock wait) cannot hold the caller. With another executor
 * (an actor system of the application's own, or {@code jpuffs.engine.dispatcher-threads = pekko}) it only runs
 * {@code work}.
 */
public final class CallerRuns {
  private static final ThreadLocal<List<CallerRunsExecutor>> OWED = new ThreadLocal<>();

  private CallerRuns() {}

  /** Runs {@code work}, then the engine tasks it caused, on this thread; returns what {@code work} returned. */
  public static <T> T run(Supplier<T> work) {
    return owing(work, (result, owed) -> runOwed(owed));
  }

  private static void runOwed(List<CallerRunsExecutor> owed) {
    // Tasks run here may submit more, to the same executor or another: the loop sees them all.
    for (int i = 0; i < owed.size(); i++) {
      owed.get(i).runQueued();
    }
  }

  /**
   * Makes the engine call {@code op} as {@link #run} does, and then, instead of leaving, runs the engine's work until
   * the call is answered or {@code timeoutMillis} passed, and then what the answer left queued: for a caller that
   * would block on the answer anyway (the {@code java.nio.file} provider). Returns the call's stage, done unless the
   * time ran out, the thread was interrupted, or the engine's executor is not a caller-runs one.
   */
  public static <T> CompletionStage<T> runUntilAnswered(Supplier<? extends CompletionStage<T>> op,
      long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    return owing(op::get, (stage, owed) -> {
      CompletableFuture<T> answer = stage.toCompletableFuture();
      if (!answer.isDone() && !owed.isEmpty()) {
        owed.get(0).helpUntil(answer, deadline);
      }
      // What the answer left behind (a node actor's bookkeeping, a release) is a few tasks: running them costs
      // less than waking a worker for them.
      runOwed(owed);
    });
  }

  /**
   * Runs {@code work} with this thread owing the tasks it submits, then {@code thenRun} with its result and the
   * executors owed; afterwards wakes a worker for whatever is still queued. Nested calls only run {@code work}: the
   * outermost one runs the tasks.
   */
  private static <T> T owing(Supplier<T> work, BiConsumer<T, List<CallerRunsExecutor>> thenRun) {
    if (OWED.get() != null) {
      return work.get();
    }
    List<CallerRunsExecutor> owed = new ArrayList<>(1);
    OWED.set(owed);
    try {
      T result = work.get();
      thenRun.accept(result, owed);
      return result;
    } finally {
      OWED.remove();
      owed.forEach(CallerRunsExecutor::wakeIfQueued);
    }
  }

  /**
   * Called by {@code executor} for a task just queued: {@code true} if this thread is inside {@link #run} and will run
   * it, so no worker needs waking.
   */
  static boolean owe(CallerRunsExecutor executor) {
    List<CallerRunsExecutor> owed = OWED.get();
    if (owed == null) {
      return false;
    }
    if (!owed.contains(executor)) {
      owed.add(executor);
    }
    return true;
  }
}
