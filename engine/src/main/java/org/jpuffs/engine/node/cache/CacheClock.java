package org.jpuffs.engine.node.cache;

/**
 * The time the caches judge TTLs by, in nanoseconds on an arbitrary origin (as {@link System#nanoTime}). Tests
 * inject one that moves only when told, so that expiry is tested without sleeping.
 */
@FunctionalInterface
public interface CacheClock {
  /** The system's monotonic clock. */
  CacheClock SYSTEM = System::nanoTime;

  /** Now, in nanoseconds. */
  long nanos();
}
