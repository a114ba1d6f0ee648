package org.jpuffs.engine.node.cache;

import com.typesafe.config.Config;
import java.util.Objects;

/**
 * How the engine's caches behave, from {@code jpuffs.engine.caches} (defaults in the engine's reference.conf), plus
 * the clock their TTLs use.
 *
 * @param clock the clock for attribute and name TTLs and for the metadata cache's times
 * @param namesPerDirectory the most name-cache entries one directory keeps; a full directory cache starts over
 * @param pageMemory the memory for file pages, one for the whole engine: every mount made with these settings
 *     shares it
 */
public record CacheSettings(CacheClock clock, int namesPerDirectory, PageMemory pageMemory) {
  public CacheSettings {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(pageMemory, "pageMemory");
    if (namesPerDirectory < 0) {
      throw new IllegalArgumentException("names-per-directory must not be negative, not " + namesPerDirectory);
    }
  }

  /** The settings under {@code jpuffs.engine.caches} of {@code config}, with the system clock and a new memory. */
  public static CacheSettings fromConfig(Config config) {
    Config caches = config.getConfig("jpuffs.engine.caches");
    return new CacheSettings(CacheClock.SYSTEM, caches.getInt("names-per-directory"),
        new PageMemory(caches.getBytes("page-memory")));
  }

  /** These settings with {@code clock} (the same page memory). */
  public CacheSettings withClock(CacheClock clock) {
    return new CacheSettings(clock, namesPerDirectory, pageMemory);
  }
}
