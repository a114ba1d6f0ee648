package org.jpuffs.engine.replay;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies per op type, in nanoseconds, in HdrHistograms with three significant digits from 1 µs to an hour. Written
 * by many threads at once while a replay runs; read once it is done.
 *
 * <p>Fixed-range {@link AtomicHistogram}s, not auto-resizing concurrent ones: a resize copies the counts under a
 * phaser, and a replay that records two values per op spent a tenth of its time there (a JFR profile showed it).
 */
final class LatencyStats {

  /** Below a microsecond the replay's own costs dominate; the bucket width there does not matter. */
  private static final long LOWEST = 1_000;
  private static final long HIGHEST = TimeUnit.HOURS.toNanos(1);

  private final Map<String, AtomicHistogram> byOp = new ConcurrentHashMap<>();

  /** Records that an op of type {@code op} took {@code nanos} (clamped to the histogram's range). */
  void record(String op, long nanos) {
    AtomicHistogram histogram = byOp.get(op);
    if (histogram == null) {
      histogram = byOp.computeIfAbsent(op, name -> new AtomicHistogram(LOWEST, HIGHEST, 3));
    }
    histogram.recordValue(Math.max(0, Math.min(nanos, HIGHEST)));
  }

  /** A copy of each op type's histogram, by op name. */
  SortedMap<String, Histogram> snapshot() {
    SortedMap<String, Histogram> copy = new TreeMap<>();
    byOp.forEach((op, h) -> {
      Histogram plain = new Histogram(LOWEST, HIGHEST, 3);
      plain.add(h);
      copy.put(op, plain);
    });
    return copy;
  }
}
