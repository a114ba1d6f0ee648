package org.jpuffs.servers.conformance;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Threads for tests whose work blocks (a lock request with F_WAIT). */
public final class Threads {
  private Threads() {}

  /** Runs {@code work} on a thread of its own: it may block, and must not take a shared pool's worker. */
  public static <T> CompletableFuture<T> onNewThread(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(work.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "lock-waiter");
    t.setDaemon(true);
    t.start();
    return result;
  }
}
