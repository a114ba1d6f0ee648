package org.jpuffs.engine.node.cache;

import java.time.Instant;

/**
 * The time the caches judge TTLs by, in nanoseconds on an arbitrary origin (as {@link System#nanoTime}), and the
 * wall-clock time the metadata cache stamps local reads and writes with. Tests inject one that moves only when told,
 * so that expiry and stamped times are tested without sleeping.
 */
@FunctionalInterface
public interface CacheClock {
  /** The system's monotonic clock and the system's wall clock. */
  CacheClock SYSTEM = System::nanoTime;

  /** Now, in nanoseconds. */
  long nanos();

  /** Now on the wall clock, in nanoseconds since the epoch (for atime, mtime and ctime). */
  default long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
