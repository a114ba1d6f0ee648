package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskReserveDemoTest {

  @Test
  void aMutationIsRefusedWithEnospcAndTheMountStaysUp(@TempDir Path data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> problems = new DiskReserveDemo(MemFs::new, out).run(ConfigFactory.parseString(
        "jpuffs { journal = leveldb, data-dir = \"" + data + "\" }").withFallback(ConfigFactory.load()));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(List.of(), problems, text);
    assertTrue(text.contains("mkdir /refused -> ENOSPC"), text);
    assertTrue(text.contains("mount RUNNING, 1 refusal(s)"), text);
    assertTrue(text.contains("reads go on: readdir / -> "), text);
  }
}
