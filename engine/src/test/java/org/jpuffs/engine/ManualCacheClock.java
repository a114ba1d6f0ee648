package org.jpuffs.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.engine.node.cache.CacheClock;

/**
 * A cache clock that moves only when a test says so, starting near the wrap-around to catch overflow slips; its wall
 * clock starts at {@link #WALL_START} and moves with it.
 */
final class ManualCacheClock implements CacheClock {
  /** The wall-clock time (ns since the epoch) of a new clock: 2023-11-14T22:13:20Z. */
  static final long WALL_START = 1_700_000_000_000_000_000L;

  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofHours(1).toNanos());
  private final long origin = now.get();

  void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Override
  public long nanos() {
    return now.get();
  }

  @Override
  public long epochNanos() {
    return WALL_START + (now.get() - origin);
  }

  /** The wall-clock time now, as the engine stamps it. */
  Timespec wallTime() {
    long nanos = epochNanos();
    return new Timespec(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
  }
}
