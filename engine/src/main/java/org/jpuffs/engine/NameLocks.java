package org.jpuffs.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jpuffs.api.protocol.Cookie;

/**
 * Per-directory reader/writer locks over the names of a mount's directories, for the one op puffs cannot express:
 * a rename that must not replace its target (Linux {@code RENAME_NOREPLACE}). Ops that add a name to a directory
 * (create, mknod, mkdir, symlink, link, rename into it) hold the directory's lock shared, so they still run in
 * parallel; a no-replace rename holds it exclusively across its lookup and its rename, so no name can appear in
 * between. Waiters are served in arrival order, so a no-replace rename is not starved by a stream of creates.
 * Locks are asynchronous: nothing blocks a thread.
 */
final class NameLocks {
  private final Map<Cookie, State> states = new HashMap<>();

  /** One directory's holders and queue. */
  private static final class State {
    int shared;
    boolean exclusive;
    final Deque<Waiter> waiters = new ArrayDeque<>();
  }

  private record Waiter(boolean exclusive, CompletableFuture<Void> granted) {}

  /** Runs {@code work} holding {@code dir}'s lock shared; the lock is given back when the work's stage completes. */
  <T> CompletionStage<T> shared(Cookie dir, Supplier<CompletionStage<T>> work) {
    return holding(dir, false, work);
  }

  /** Runs {@code work} holding {@code dir}'s lock exclusively. */
  <T> CompletionStage<T> exclusive(Cookie dir, Supplier<CompletionStage<T>> work) {
    return holding(dir, true, work);
  }

  private <T> CompletionStage<T> holding(Cookie dir, boolean exclusive, Supplier<CompletionStage<T>> work) {
    return acquire(dir, exclusive).thenCompose(granted -> {
      CompletionStage<T> stage;
      try {
        stage = work.get();
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      return stage.whenComplete((value, failure) -> release(dir, exclusive));
    });
  }

  private synchronized CompletableFuture<Void> acquire(Cookie dir, boolean exclusive) {
    State s = states.computeIfAbsent(dir, d -> new State());
    boolean free = s.waiters.isEmpty() && !s.exclusive && (!exclusive || s.shared == 0);
    if (free) {
      take(s, exclusive);
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> granted = new CompletableFuture<>();
    s.waiters.add(new Waiter(exclusive, granted));
    return granted;
  }

  private void release(Cookie dir, boolean exclusive) {
    Deque<CompletableFuture<Void>> grant = new ArrayDeque<>();
    synchronized (this) {
      State s = states.get(dir);
      if (exclusive) {
        s.exclusive = false;
      } else {
        s.shared--;
      }
      while (!s.waiters.isEmpty() && !s.exclusive && (!s.waiters.peek().exclusive() || s.shared == 0)) {
        Waiter next = s.waiters.poll();
        take(s, next.exclusive());
        grant.add(next.granted());
      }
      if (s.shared == 0 && !s.exclusive && s.waiters.isEmpty()) {
        states.remove(dir);
      }
    }
    // Completed outside the monitor: the granted work starts on this thread.
    grant.forEach(g -> g.complete(null));
  }

  private static void take(State s, boolean exclusive) {
    if (exclusive) {
      s.exclusive = true;
    } else {
      s.shared++;
    }
  }

  /** Directories with a holder or a waiter (for tests). */
  synchronized int busyDirectories() {
    return states.size();
  }
}
