package org.jpuffs.engine.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jpuffs.api.protocol.Cookie;

/**
 * Orders the ops of an {@code asap} replay by their {@link DependencyKeys}: an op starts when the last earlier op
 * sharing one of its keys has finished; an op without keys is a barrier. Ops must be submitted in recorded order from
 * one thread at a time (the stream stage that feeds the replay); their completions may come from any thread.
 */
final class Scheduler {

  /** Finished futures are dropped from the table every this many submissions, so it tracks live nodes only. */
  private static final int PRUNE_EVERY = 4096;

  private final Map<Cookie, CompletableFuture<?>> lastByKey = new HashMap<>();
  private CompletableFuture<?> lastBarrier = CompletableFuture.completedFuture(null);
  private long submitted;

  /**
   * Runs {@code op} once the ops it depends on have finished (successfully or not).
   *
   * @param keys the op's dependency keys; empty for a barrier
   * @param op starts the op and gives its completion
   * @return the op's completion
   */
  <T> CompletableFuture<T> submit(Set<Cookie> keys, Supplier<CompletableFuture<T>> op) {
    if (++submitted % PRUNE_EVERY == 0) {
      lastByKey.values().removeIf(CompletableFuture::isDone);
    }
    List<CompletableFuture<?>> before = new ArrayList<>(keys.size() + 1);
    before.add(lastBarrier);
    if (keys.isEmpty()) {
      before.addAll(lastByKey.values());
    } else {
      for (Cookie key : keys) {
        CompletableFuture<?> last = lastByKey.get(key);
        if (last != null && !last.isDone()) {
          before.add(last);
        }
      }
    }
    CompletableFuture<T> done = allDone(before).thenCompose(ignored -> op.get());
    // A failed op still releases the ops behind it.
    CompletableFuture<?> finished = done.handle((value, failure) -> null);
    if (keys.isEmpty()) {
      lastByKey.clear();
      lastBarrier = finished;
    } else {
      for (Cookie key : keys) {
        lastByKey.put(key, finished);
      }
    }
    return done;
  }

  private static CompletableFuture<Void> allDone(List<CompletableFuture<?>> futures) {
    futures.removeIf(CompletableFuture::isDone);
    if (futures.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (futures.size() == 1) {
      return futures.get(0).handle((value, failure) -> null);
    }
    return CompletableFuture.allOf(futures.stream().map(f -> f.handle((value, failure) -> null))
        .toArray(CompletableFuture[]::new));
  }
}
