package org.jpuffs.engine.node.cache;

import com.typesafe.config.Config;
import java.util.Objects;

/**
 * How the engine's caches behave, from {@code jpuffs.engine.caches} (defaults in the engine's reference.conf), plus
 * the clock their TTLs use.
 *
 * @param clock the clock for attribute and name TTLs
 * @param namesPerDirectory the most name-cache entries one directory keeps; a full directory cache starts over
 * @param pageCacheBytes the most bytes of file pages one mount keeps
 */
public record CacheSettings(CacheClock clock, int namesPerDirectory, long pageCacheBytes) {
  public CacheSettings {
    Objects.requireNonNull(clock, "clock");
    if (namesPerDirectory < 0) {
      throw new IllegalArgumentException("names-per-directory must not be negative, not " + namesPerDirectory);
    }
    if (pageCacheBytes < 0) {
      throw new IllegalArgumentException("page-cache-bytes must not be negative, not " + pageCacheBytes);
    }
  }

  /** The settings under {@code jpuffs.engine.caches} of {@code config}, with the system clock. */
  public static CacheSettings fromConfig(Config config) {
    Config caches = config.getConfig("jpuffs.engine.caches");
    return new CacheSettings(CacheClock.SYSTEM, caches.getInt("names-per-directory"),
        caches.getBytes("page-cache-bytes"));
  }

  /** These settings with {@code clock}. */
  public CacheSettings withClock(CacheClock clock) {
    return new CacheSettings(clock, namesPerDirectory, pageCacheBytes);
  }
}
