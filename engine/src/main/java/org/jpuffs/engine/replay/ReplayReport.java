package org.jpuffs.engine.replay;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a replay found.
 *
 * @param ops recorded ops replayed (fire-and-forget ones included)
 * @param divergenceCount how many divergences there were, final state included
 * @param divergences the first {@link Replayer#KEPT_DIVERGENCES} of single ops, in the order they were found, then
 *     every difference of the final state
 * @param wallNanos the replay's wall time
 * @param replayLatency the new server's latency per op type (ops that wanted a reply), nanoseconds
 * @param recordedLatency the recorded latency per op type, nanoseconds
 * @param timing how well the recorded issue times were kept; present for {@code --timing original}
 * @param finalStateCompared {@code true} if the recording's final state was compared with the new server's
 */
public record ReplayReport(long ops, long divergenceCount, List<Divergence> divergences, long wallNanos,
    SortedMap<String, Histogram> replayLatency, SortedMap<String, Histogram> recordedLatency,
    Optional<TimingAccuracy> timing, boolean finalStateCompared) {

  public ReplayReport {
    divergences = List.copyOf(divergences);
    replayLatency = new TreeMap<>(replayLatency);
    recordedLatency = new TreeMap<>(recordedLatency);
    Objects.requireNonNull(timing, "timing");
  }

  /** {@code true} if the replay matched its recording. */
  public boolean matches() {
    return divergenceCount == 0;
  }

  /** Replayed ops per second of wall time. */
  public double opsPerSecond() {
    return wallNanos == 0 ? 0 : ops * 1e9 / wallNanos;
  }
}
