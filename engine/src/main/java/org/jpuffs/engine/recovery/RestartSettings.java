package org.jpuffs.engine.recovery;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * How a mount retries its server factory ({@code jpuffs.engine.recovery.restart}): attempt {@code n} (from 1) waits
 * {@code min(minBackoff × 2^(n-1), maxBackoff)} after the previous one failed; the first comes at once.
 *
 * @param minBackoff the wait before the second attempt
 * @param maxBackoff the longest wait
 * @param maxAttempts how many servers one recovery asks for at most (the recovery deadline bounds it too)
 */
public record RestartSettings(Duration minBackoff, Duration maxBackoff, int maxAttempts) {

  public RestartSettings {
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= min-backoff <= max-backoff, not " + minBackoff + ", "
          + maxBackoff);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts must be at least 1, not " + maxAttempts);
    }
  }

  /** The settings under {@code jpuffs.engine.recovery.restart} of {@code config}. */
  public static RestartSettings fromConfig(Config config) {
    Config restart = config.getConfig("jpuffs.engine.recovery.restart");
    return new RestartSettings(restart.getDuration("min-backoff"), restart.getDuration("max-backoff"),
        restart.getInt("max-attempts"));
  }

  /** How long to wait before attempt {@code attempt} (from 1): nothing before the first. */
  public Duration backoffBefore(int attempt) {
    if (attempt <= 1) {
      return Duration.ZERO;
    }
    int doublings = Math.min(attempt - 2, 30);
    Duration wait = minBackoff.multipliedBy(1L << doublings);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
