package org.jpuffs.engine.node.cache;

import org.jpuffs.api.protocol.Timespec;

/** TTL arithmetic on {@link CacheClock} times, which may wrap (as {@link System#nanoTime} does). */
final class Expiry {
  /** "Never expires": a name entered without a TTL lives until something purges it. */
  static final long NEVER = Long.MIN_VALUE;

  private Expiry() {}

  /** When something given {@code ttl} at {@code now} expires; a zero TTL means "not given" (puffs): never. */
  static long after(long now, Timespec ttl) {
    if (!isGiven(ttl)) {
      return NEVER;
    }
    long expires = now + ttl.toDuration().toNanos();
    return expires == NEVER ? NEVER + 1 : expires;
  }

  /** {@code true} if {@code ttl} is a TTL at all: {0, 0} is "not given". */
  static boolean isGiven(Timespec ttl) {
    return ttl.sec() != 0 || ttl.nsec() != 0;
  }

  static boolean validAt(long expiresAt, long now) {
    return expiresAt == NEVER || now - expiresAt < 0;
  }
}
