package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryDemoTest {

  @Test
  void theMountSurvivesTheServerCrashOnTheLevelDbJournal(@TempDir Path data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> problems = new RecoveryDemo(MemFs::new, out).run(ConfigFactory.parseString(
        "jpuffs { journal = leveldb, data-dir = \"" + data + "\" }").withFallback(ConfigFactory.load()));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(List.of(), problems, text);
    assertTrue(text.contains("mount is RECOVERING"), text);
    assertTrue(text.contains("/survivor.txt reads back identical"), text);
    assertTrue(text.contains("the parked mkdir /made-during-the-crash completed"), text);
  }
}
