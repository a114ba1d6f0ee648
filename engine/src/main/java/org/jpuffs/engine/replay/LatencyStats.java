package org.jpuffs.engine.replay;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies per op type, in nanoseconds, in HdrHistograms with three significant digits that grow as needed. Written
 * by many threads at once while a replay runs; read once it is done.
 */
final class LatencyStats {

  private final Map<String, ConcurrentHistogram> byOp = new ConcurrentHashMap<>();

  /** Records that an op of type {@code op} took {@code nanos}. */
  void record(String op, long nanos) {
    byOp.computeIfAbsent(op, name -> new ConcurrentHistogram(3)).recordValue(Math.max(0, nanos));
  }

  /** A copy of each op type's histogram, by op name. */
  SortedMap<String, Histogram> snapshot() {
    SortedMap<String, Histogram> copy = new TreeMap<>();
    byOp.forEach((op, h) -> copy.put(op, h.copy()));
    return copy;
  }
}
