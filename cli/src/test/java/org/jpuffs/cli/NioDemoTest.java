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

class NioDemoTest {

  @Test
  void theNioDemoRunsCleanOnMemfs() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> problems = new NioDemo(MemFs::new, out).run(
        ConfigFactory.parseString("jpuffs.journal = in-memory").withFallback(ConfigFactory.load()));
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(List.of(), problems, transcript);
    assertTrue(transcript.contains("nio: watch: ENTRY_CREATE draft.txt"), transcript);
    assertTrue(transcript.contains("nio: permissions of /docs/notes.txt: rw-r-----"), transcript);
    assertTrue(transcript.contains("nio: reading the moved draft: NoSuchFileException (as it should)"), transcript);
  }
}
