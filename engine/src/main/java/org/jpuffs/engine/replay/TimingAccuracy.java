package org.jpuffs.engine.replay;

/**
 * How closely a {@code --timing original} replay kept the recorded issue times, in the terms of the trace-replay
 * literature (//TRACE, FAST'07; ARTC, SOSP'13): the error of the whole run's elapsed time against the recorded span
 * (divided by the speed), and how late single ops were issued against their scheduled time.
 *
 * @param scheduledNanos the recorded span from the first to the last issue, divided by the speed
 * @param actualNanos the replay's span from the first to the last issue
 * @param meanLagNanos the mean of (actual issue − scheduled issue) over the ops
 * @param maxLagNanos the largest such lag
 */
public record TimingAccuracy(long scheduledNanos, long actualNanos, double meanLagNanos, long maxLagNanos) {

  /** |actual − scheduled| / scheduled, in percent; 0 for a span of zero. */
  public double elapsedErrorPercent() {
    return scheduledNanos == 0 ? 0 : 100.0 * Math.abs(actualNanos - scheduledNanos) / scheduledNanos;
  }
}
