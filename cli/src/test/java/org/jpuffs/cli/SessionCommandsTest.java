package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jpuffs sessions}, {@code inspect} and {@code replay} on a session recorded by hand ({@link TestSessions}). */
class SessionCommandsTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path data;
  private TestSessions.Recorded recorded;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void record() {
    recorded = HandRecordedSession.record(testKit, "m1");
    TestSessions.put(data, recorded);
  }

  private int run(String... args) {
    CommandLine commandLine = Jpuffs.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  @Test
  void sessionsPrintsOneLinePerSession() {
    assertEquals(0, run("sessions", "--data", data.toString()));
    assertEquals(List.of(recorded.info().line()), lines());
    assertTrue(lines().get(0).matches("m1 1 \\S+Z \\S+Z 9 full"), lines().get(0));
  }

  @Test
  void sessionsDeleteRemovesTheSession() {
    assertEquals(0, run("sessions", "--data", data.toString(), "--delete", "m1:1"));
    assertEquals(List.of("deleted 1 session"), lines());
    assertEquals(1, run("sessions", "--data", data.toString(), "--delete", "m1"));
  }

  @Test
  void inspectPrintsEveryRecordWithItsReply() {
    assertEquals(0, run("inspect", "--data", data.toString(), "--mount", "m1"));
    assertEquals(1 + 9, lines().size(), out::toString);
    assertTrue(lines().get(1).contains("#1 VN CREATE root") && lines().get(1).contains("->  #1 OK NewNode"),
        lines().get(1));
  }

  @Test
  void inspectFiltersByOpType() {
    assertEquals(0, run("inspect", "--data", data.toString(), "--mount", "m1", "--op", "readdir"));
    assertEquals(1 + 2, lines().size(), out::toString);
    assertTrue(lines().stream().skip(1).allMatch(l -> l.contains("VN READDIR")), out::toString);
  }

  @Test
  void replayIntoMemfsMatchesAndWritesTheHtmlReport() throws IOException {
    Path html = data.resolve("report.html");
    assertEquals(0, run("replay", "--data", data.toString(), "--mount", "m1", "--fs", "memfs", "--no-progress",
        "--report", html.toString()), err::toString);
    assertTrue(out.toString().contains("replayed 9 ops in "), out::toString);
    assertTrue(out.toString().contains(": 0 divergences, final state compared"), out::toString);
    assertTrue(Files.readString(html).contains("<h3>VN CREATE</h3>"));
  }

  @Test
  void replayIntoADifferentTreeDivergesAndExitsOne(@TempDir Path host) throws IOException {
    Files.createDirectory(host.resolve("a"));
    assertEquals(1, run("replay", "--data", data.toString(), "--mount", "m1", "--fs", "passthrough:" + host,
        "--no-progress"));
    assertTrue(out.toString().contains("#1 VN CREATE /a: errno EEXIST, recorded OK"), out::toString);
  }

  @Test
  void replayOfAMissingSessionFails() {
    assertEquals(1, run("replay", "--data", data.toString(), "--mount", "nosuch", "--fs", "memfs"));
    assertTrue(err.toString().contains("no such session of nosuch"), err::toString);
  }

  @Test
  void replayWithOriginalTimingReportsItsTimingError() {
    assertEquals(0, run("replay", "--data", data.toString(), "--mount", "m1", "--fs", "memfs", "--no-progress",
        "--timing", "original", "--speed", "50"), err::toString);
    assertTrue(out.toString().contains("(original, speed 50.0)"), out::toString);
    assertTrue(out.toString().contains("\ntiming: scheduled "), out::toString);
  }

  @Test
  void aBadTimingOrSpeedIsAUsageError() {
    assertEquals(2, run("replay", "--data", data.toString(), "--mount", "m1", "--fs", "memfs", "--timing", "fast"));
    assertEquals(2, run("replay", "--data", data.toString(), "--mount", "m1", "--fs", "memfs", "--speed", "0"));
  }

  @Test
  void aBadFsIsAUsageError() {
    assertEquals(2, run("replay", "--data", data.toString(), "--mount", "m1", "--fs", "tmpfs"));
  }
}
