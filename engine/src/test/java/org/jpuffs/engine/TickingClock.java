package org.jpuffs.engine;

import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.engine.node.cache.CacheClock;

/** A cache clock that moves a fixed step at every reading: time passes with the work done, not with the wall. */
final class TickingClock implements CacheClock {
  private final AtomicLong now = new AtomicLong();
  private final long step;

  TickingClock(long stepNanos) {
    this.step = stepNanos;
  }

  @Override
  public long nanos() {
    return now.addAndGet(step);
  }
}
