package org.jpuffs.engine;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import org.jpuffs.engine.mount.MountSettings;
import org.jpuffs.engine.node.cache.CacheClock;

/**
 * The engine's settings from {@code jpuffs.engine} (defaults in the engine's reference.conf).
 *
 * @param mount what each mount needs (request timeout, node bound)
 * @param describeTimeout how long mounting waits for the server's MountSpec
 * @param askMargin how much longer than the request timeout a client call waits for the engine
 */
public record EngineSettings(MountSettings mount, Duration describeTimeout, Duration askMargin) {
  public EngineSettings {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(describeTimeout, "describeTimeout");
    Objects.requireNonNull(askMargin, "askMargin");
  }

  /** The settings in {@code config}. */
  public static EngineSettings fromConfig(Config config) {
    Config engine = config.getConfig("jpuffs.engine");
    return new EngineSettings(MountSettings.fromConfig(config), engine.getDuration("describe-timeout"),
        engine.getDuration("ask-margin"));
  }

  /** These settings with the caches judging TTLs by {@code clock} (tests use a clock they move themselves). */
  public EngineSettings withCacheClock(CacheClock clock) {
    return new EngineSettings(mount.withCaches(mount.caches().withClock(clock)), describeTimeout, askMargin);
  }

  /** How long a client call waits for the engine. */
  public Duration askTimeout() {
    return mount.requestTimeout().plus(askMargin);
  }
}
