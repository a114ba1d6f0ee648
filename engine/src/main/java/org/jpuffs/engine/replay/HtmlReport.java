package org.jpuffs.engine.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A {@link ReplayReport} as one self-contained HTML page: the text summary, then per op type a latency histogram
 * (inline SVG, logarithmic buckets from 1 µs doubling) of the replay beside the recording, then the divergences kept.
 * No scripts, no external files, so it can be archived or attached as it is.
 */
public final class HtmlReport {

  private static final long FIRST_BUCKET_NANOS = 1_000;
  private static final int WIDTH = 640;
  private static final int HEIGHT = 160;

  private HtmlReport() {}

  /** Writes the page to {@code file}. */
  public static void write(ReplayReport report, String title, Path file) throws IOException {
    Files.writeString(file, render(report, title), StandardCharsets.UTF_8);
  }

  /** The page. */
  public static String render(ReplayReport report, String title) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
            + "pre{background:#f4f4f4;padding:1em}.replay{fill:#2b6cb0}.recorded{fill:#c05621;opacity:.6}"
            + "text{font-size:10px}</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n<pre>")
        .append(escape(ReportText.summary(report))).append("</pre>\n");
    html.append("<h2>Latency per op type</h2>\n<p><svg width=\"12\" height=\"10\"><rect class=\"replay\" width=\"12\""
        + " height=\"10\"/></svg> replay <svg width=\"12\" height=\"10\"><rect class=\"recorded\" width=\"12\""
        + " height=\"10\"/></svg> recording; buckets double from 1 µs, bar height is the share of the op's"
        + " count.</p>\n");
    for (Map.Entry<String, Histogram> e : report.replayLatency().entrySet()) {
      html.append("<h3>").append(escape(e.getKey())).append("</h3>\n")
          .append(svg(e.getValue(), report.recordedLatency().get(e.getKey()))).append('\n');
    }
    if (!report.divergences().isEmpty()) {
      html.append("<h2>Divergences</h2>\n<ol>\n");
      report.divergences().forEach(d -> html.append("<li>").append(escape(d.toString())).append("</li>\n"));
      html.append("</ol>\n");
    }
    return html.append("</body></html>\n").toString();
  }

  private static String svg(Histogram replay, Histogram recorded) {
    List<Double> a = shares(replay);
    List<Double> b = recorded == null ? List.of() : shares(recorded);
    int buckets = Math.max(a.size(), b.size());
    double barWidth = (double) WIDTH / Math.max(1, buckets);
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", WIDTH, HEIGHT + 14));
    for (int i = 0; i < buckets; i++) {
      double x = i * barWidth;
      bar(svg, "replay", x, barWidth / 2, i < a.size() ? a.get(i) : 0);
      bar(svg, "recorded", x + barWidth / 2, barWidth / 2, i < b.size() ? b.get(i) : 0);
      if (i % 2 == 0) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x, HEIGHT + 12,
            label(FIRST_BUCKET_NANOS << i)));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static void bar(StringBuilder svg, String cls, double x, double w, double share) {
    double h = share * HEIGHT;
    svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
        + "<title>%.1f %%</title></rect>", cls, x, HEIGHT - h, Math.max(0.5, w - 1), h, share * 100));
  }

  /** The share of the histogram's count in each bucket, buckets doubling from 1 µs up to its largest value. */
  private static List<Double> shares(Histogram h) {
    List<Double> shares = new ArrayList<>();
    long total = h.getTotalCount();
    if (total == 0) {
      return shares;
    }
    for (HistogramIterationValue v : h.logarithmicBucketValues(FIRST_BUCKET_NANOS, 2.0)) {
      shares.add((double) v.getCountAddedInThisIterationStep() / total);
    }
    return shares;
  }

  private static String label(long nanos) {
    if (nanos >= 1_000_000_000) {
      return nanos / 1_000_000_000 + "s";
    }
    return nanos >= 1_000_000 ? nanos / 1_000_000 + "ms" : nanos / 1_000 + "µs";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
