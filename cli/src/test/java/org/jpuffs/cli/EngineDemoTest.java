package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.Test;

class EngineDemoTest {

  @Test
  void theEngineDemoRunsCleanOnMemfs() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> problems = new EngineDemo(MemFs::new, out).run(
        ConfigFactory.parseString("jpuffs.journal = in-memory").withFallback(ConfigFactory.load()));
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(List.of(), problems, transcript);
    assertTrue(transcript.contains("engine: read /docs/notes.txt: \"puffs: pass to userspace, now on the JVM\""),
        transcript);
    assertTrue(transcript.contains("engine: rmdir /docs: ENOTEMPTY (as it should)"), transcript);
    assertTrue(transcript.contains("engine: unmounted demo"), transcript);
  }
}
