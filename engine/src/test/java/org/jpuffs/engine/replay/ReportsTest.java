package org.jpuffs.engine.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportsTest {

  private static ReplayReport report() {
    Histogram getattr = new Histogram(3);
    getattr.recordValue(50_000);
    getattr.recordValue(70_000);
    SortedMap<String, Histogram> latency = new TreeMap<>();
    latency.put("VN GETATTR", getattr);
    return new ReplayReport(2, 1, List.of(new Divergence(2, "VN GETATTR", "/a<b>", "errno EIO, recorded OK")),
        1_000_000, latency, latency, Optional.empty(), true);
  }

  @Test
  void theSummaryHasALatencyRowPerOpTypeAndListsDivergences() {
    String text = ReportText.summary(report());
    assertTrue(text.startsWith("replayed 2 ops in 0.001 s (2000 ops/s): 1 divergence, final state compared"), text);
    assertTrue(text.matches("(?s).*\nVN GETATTR\\s+2\\s+50\\.0\\s+.*"), text);
    assertTrue(text.contains("  #2 VN GETATTR /a<b>: errno EIO, recorded OK"), text);
  }

  @Test
  void theHtmlPageHasAHistogramPerOpTypeAndEscapesPaths() {
    String html = HtmlReport.render(report(), "session m1");
    assertTrue(html.contains("<h3>VN GETATTR</h3>\n<svg"), html);
    assertTrue(html.contains("class=\"replay\""), html);
    assertTrue(html.contains("/a&lt;b&gt;"), html);
    assertTrue(!html.contains("/a<b>"), "unescaped path");
  }
}
