package org.jpuffs.engine.replay;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How a replay runs.
 *
 * @param timing {@link Timing#ASAP} or {@link Timing#ORIGINAL}
 * @param speed with {@link Timing#ORIGINAL}, how much faster than recorded the ops are issued (2 = twice as fast);
 *     must be positive
 * @param parallelism the most ops in flight at once (waiting for their dependencies, their issue time or the server)
 * @param requestTimeout how long the server may take for one reply before the op counts as diverged
 * @param progress told the number of ops done so far, after each op (from any thread)
 */
public record ReplayOptions(Timing timing, double speed, int parallelism, Duration requestTimeout,
    LongConsumer progress) {

  /** When ops are issued. */
  public enum Timing {
    /** As fast as the dependencies between ops allow. */
    ASAP,
    /** At the recorded issue times (divided by the speed), in their dependencies' order. */
    ORIGINAL;

    /** The timing named {@code name} ({@code asap} or {@code original}, any case). */
    public static Timing parse(String name) {
      for (Timing t : values()) {
        if (t.name().equalsIgnoreCase(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("timing must be asap or original, not " + name);
    }
  }

  public ReplayOptions {
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(progress, "progress");
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, not " + speed);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
  }

  /** {@code asap}, speed 1, 256 ops in flight, 10 s per request, no progress reports. */
  public static ReplayOptions defaults() {
    return new ReplayOptions(Timing.ASAP, 1.0, 256, Duration.ofSeconds(10), done -> { });
  }

  /** These options with another timing. */
  public ReplayOptions withTiming(Timing timing) {
    return new ReplayOptions(timing, speed, parallelism, requestTimeout, progress);
  }

  /** These options with another speed. */
  public ReplayOptions withSpeed(double speed) {
    return new ReplayOptions(timing, speed, parallelism, requestTimeout, progress);
  }

  /** These options with another bound on ops in flight. */
  public ReplayOptions withParallelism(int parallelism) {
    return new ReplayOptions(timing, speed, parallelism, requestTimeout, progress);
  }

  /** These options with a progress listener. */
  public ReplayOptions withProgress(LongConsumer progress) {
    return new ReplayOptions(timing, speed, parallelism, requestTimeout, progress);
  }
}
