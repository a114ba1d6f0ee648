package org.jpuffs.engine;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import org.jpuffs.engine.mount.MountSettings;
import org.jpuffs.engine.node.cache.CacheClock;
import org.jpuffs.persistence.journal.JournalSettings;

/**
 * The engine's settings from {@code jpuffs.engine} (defaults in the engine's reference.conf).
 *
 * @param mount what each mount needs (request timeout, node bound)
 * @param describeTimeout how long mounting waits for the server's MountSpec
 * @param askMargin how much longer than the request timeout a client call waits for the engine
 * @param journal where and how the engine journals ({@code jpuffs.journal}, {@code jpuffs.data-dir} …)
 */
public record EngineSettings(MountSettings mount, Duration describeTimeout, Duration askMargin,
    JournalSettings journal) {
  public EngineSettings {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(describeTimeout, "describeTimeout");
    Objects.requireNonNull(askMargin, "askMargin");
  }

  /** The settings in {@code config}. */
  public static EngineSettings fromConfig(Config config) {
    Config engine = config.getConfig("jpuffs.engine");
    return new EngineSettings(MountSettings.fromConfig(config), engine.getDuration("describe-timeout"),
        engine.getDuration("ask-margin"), JournalSettings.fromConfig(config));
  }

  /** These settings with the caches judging TTLs by {@code clock} (tests use a clock they move themselves). */
  public EngineSettings withCacheClock(CacheClock clock) {
    return new EngineSettings(mount.withCaches(mount.caches().withClock(clock)), describeTimeout, askMargin, journal);
  }

  /** These settings with another journal. */
  public EngineSettings withJournal(JournalSettings journal) {
    return new EngineSettings(mount, describeTimeout, askMargin, journal);
  }

  /**
   * How long a client call waits for the engine. The engine always answers first: a request parked while its mount
   * recovers fails with ENXIO at the recovery deadline at the latest, and once re-sent it gets up to two request
   * timeouts (the parked time does not count, {@code ParkWatch}) plus a journal write.
   */
  public Duration askTimeout() {
    return mount.recoveryDeadline().plus(mount.requestTimeout().multipliedBy(2)).plus(mount.journalTimeout())
        .plus(askMargin);
  }
}
