package org.jpuffs.engine.node.cache;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The references clients hold to one live node (a vnode's usecount). Clients take one without asking the mount —
 * a name-cache hit or "." costs no message — and the mount retires the count when it reclaims the node; from then
 * on {@link #tryAcquire} fails and the client goes the slow way, which makes a fresh node. The compare-and-set makes
 * the race between a cache hit and a reclaim come out one way or the other, never both.
 */
public final class NodeReferences {
  private static final int RETIRED = -1;

  private final AtomicInteger count = new AtomicInteger();

  /** Takes a reference unless the node has been retired; {@code false} if it has. */
  public boolean tryAcquire() {
    while (true) {
      int now = count.get();
      if (now == RETIRED) {
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives one reference back; returns how many are left (never below 0: an extra release is ignored). */
  public int release() {
    while (true) {
      int now = count.get();
      if (now <= 0) {
        return now;
      }
      if (count.compareAndSet(now, now - 1)) {
        return now - 1;
      }
    }
  }

  /** Retires the count if nobody holds a reference; {@code false} if someone does (or it was retired already). */
  public boolean tryRetire() {
    return count.compareAndSet(0, RETIRED);
  }

  /** The references held now; -1 once retired. */
  public int count() {
    return count.get();
  }

  @Override
  public String toString() {
    int now = count.get();
    return now == RETIRED ? "retired" : Integer.toString(now);
  }
}
