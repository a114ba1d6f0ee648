package org.jpuffs.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/**
 * Holds the first call of a test server's op until the test opens the gate (at most 10 s), so a test can act while
 * that call is at the server. Later calls pass at once.
 */
final class FirstCallGate {
  final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicBoolean first = new AtomicBoolean(true);
  private final AtomicBoolean holding = new AtomicBoolean();

  /** Waits at the gate if this is the first call; an interrupt ends the call with EINTR. */
  void pass() {
    if (!first.getAndSet(false)) {
      return;
    }
    holding.set(true);
    entered.countDown();
    try {
      gate.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PuffsException(Errno.EINTR, "interrupted");
    } finally {
      holding.set(false);
    }
  }

  /** Whether the first call is being held now. */
  boolean isHolding() {
    return holding.get();
  }

  /** Lets the held call (and every later one) through. */
  void open() {
    gate.countDown();
  }
}
