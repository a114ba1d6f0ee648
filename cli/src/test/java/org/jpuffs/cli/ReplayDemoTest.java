package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jpuffs.persistence.journal.DataDirLock;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's engine leg records mount {@code demo} in full on a LevelDB data dir; the replay leg, and the session
 * commands, read that real data dir back.
 */
class ReplayDemoTest {

  @TempDir
  Path data;
  private Config config;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void recordTheEngineLeg() {
    config = ConfigFactory.parseString("jpuffs { journal = leveldb, fsync = off, data-dir = \"" + data + "\" }")
        .withFallback(ConfigFactory.load());
    assertEquals(List.of(), new EngineDemo(MemFs::new, new PrintStream(new ByteArrayOutputStream())).run(config));
  }

  private int run(String... args) {
    CommandLine commandLine = Jpuffs.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void theEngineLegsSessionReplaysIntoMemfsWithoutDivergences() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> problems = new ReplayDemo(MemFs::new, new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .run(config);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(List.of(), problems, text);
    assertTrue(text.matches("(?s).*replay: jpuffs sessions: demo 1 \\S+Z \\S+Z \\d+ full\n.*"), text);
    assertTrue(text.contains(" 0 divergences, final state compared"), text);
  }

  @Test
  void sessionsInspectAndReplayReadARealDataDir() {
    assertEquals(0, run("sessions", "--data", data.toString()), err::toString);
    assertTrue(out.toString().matches("demo 1 \\S+Z \\S+Z \\d+ full\n"), out.toString());
    assertEquals(0, run("inspect", "--data", data.toString(), "--mount", "demo", "--op", "RENAME"), err::toString);
    assertTrue(out.toString().contains("VN RENAME"), out.toString());
    assertEquals(0, run("replay", "--data", data.toString(), "--mount", "demo", "--fs", "memfs", "--no-progress"),
        out::toString);
    assertTrue(out.toString().contains(" 0 divergences, final state compared"), out.toString());
  }

  @Test
  void aReplayIntoAServerWithAnInjectedErrnoReportsTheDivergenceAndExitsOne() {
    assertEquals(1, run("replay", "--data", data.toString(), "--mount", "demo", "--fs", "memfs", "--no-progress",
        "--inject", "WRITE:ENOSPC:1"), out::toString);
    assertTrue(out.toString().contains("injected 1 ENOSPC into WRITE"), out.toString());
    assertTrue(out.toString().contains("VN WRITE /docs/draft.txt: errno ENOSPC, recorded OK"), out.toString());
  }

  @Test
  void aBadInjectionIsAUsageError() {
    assertEquals(2, run("replay", "--data", data.toString(), "--mount", "demo", "--fs", "memfs",
        "--inject", "WRITE:ENOSPC:2"));
    assertTrue(err.toString().contains("the probability must be in (0, 1]"), err.toString());
  }

  @Test
  void sessionsDeleteRemovesTheSessionFromTheDataDir() {
    assertEquals(0, run("sessions", "--data", data.toString(), "--delete", "demo:1"), err::toString);
    assertTrue(out.toString().contains("deleted 1 session"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("sessions", "--data", data.toString()), err::toString);
    assertEquals("", out.toString());
  }

  @Test
  void aDataDirInUseIsReportedWithItsHolder() {
    try (DataDirLock engine = DataDirLock.acquire(data)) {
      assertEquals(1, run("sessions", "--data", data.toString()));
      assertTrue(err.toString().contains("in use by"), err.toString());
    }
  }
}
