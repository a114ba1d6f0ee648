package org.jpuffs.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.engine.node.cache.CacheClock;

/** A cache clock that moves only when a test says so, starting near the wrap-around to catch overflow slips. */
final class ManualCacheClock implements CacheClock {
  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofHours(1).toNanos());

  void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Override
  public long nanos() {
    return now.get();
  }
}
