package org.jpuffs.engine.replay;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The plain-text summary of a {@link ReplayReport}: totals, timing, a latency table per op type, divergences. */
public final class ReportText {

  /** The summary lists at most this many divergences. */
  public static final int LISTED_DIVERGENCES = 20;

  private ReportText() {}

  /** The summary, lines ending in {@code \n}. */
  public static String summary(ReplayReport report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "replayed %d ops in %.3f s (%.0f ops/s): %d divergence%s%s%n",
        report.ops(), report.wallNanos() / 1e9, report.opsPerSecond(), report.divergenceCount(),
        report.divergenceCount() == 1 ? "" : "s",
        report.finalStateCompared() ? ", final state compared" : ", no final state to compare"));
    report.timing().ifPresent(t -> out.append(String.format(Locale.ROOT,
        "timing: scheduled %.3f s, took %.3f s, elapsed-time error %.2f %%, mean issue lag %.1f us, max %.1f ms%n",
        t.scheduledNanos() / 1e9, t.actualNanos() / 1e9, t.elapsedErrorPercent(), t.meanLagNanos() / 1e3,
        t.maxLagNanos() / 1e6)));
    out.append(String.format(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s   %9s %9s%n", "op", "count", "p50 us",
        "p90 us", "p99 us", "max us", "rec p50", "rec p99"));
    for (Map.Entry<String, Histogram> e : report.replayLatency().entrySet()) {
      Histogram h = e.getValue();
      Histogram rec = report.recordedLatency().get(e.getKey());
      out.append(String.format(Locale.ROOT, "%-16s %9d %9.1f %9.1f %9.1f %9.1f   %9s %9s%n", e.getKey(),
          h.getTotalCount(), us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
          us(h.getValueAtPercentile(99)), us(h.getMaxValue()),
          rec == null ? "-" : String.format(Locale.ROOT, "%.1f", us(rec.getValueAtPercentile(50))),
          rec == null ? "-" : String.format(Locale.ROOT, "%.1f", us(rec.getValueAtPercentile(99)))));
    }
    if (report.divergenceCount() > 0) {
      out.append("divergences");
      if (report.divergenceCount() > LISTED_DIVERGENCES) {
        out.append(" (first ").append(LISTED_DIVERGENCES).append(" of ").append(report.divergenceCount()).append(')');
      }
      out.append(":\n");
      report.divergences().stream().limit(LISTED_DIVERGENCES).forEach(d -> out.append("  ").append(d).append('\n'));
    }
    return out.toString();
  }

  private static double us(long nanos) {
    return nanos / 1e3;
  }
}
