package org.jpuffs.nio;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.DSYNC;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.SYNC;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.LinkOption;
import java.util.Set;
import org.jpuffs.api.protocol.IoFlags;
import org.jpuffs.api.protocol.OpenFlags;
import org.junit.jupiter.api.Test;

/** Open options become OPEN's mode and WRITE's ioflag as open(2) would make them. */
class OpenModeTest {

  @Test
  void noOptionsMeansReading() {
    OpenMode mode = OpenMode.of(Set.of());
    assertTrue(mode.read());
    assertFalse(mode.write());
    assertEquals(OpenFlags.FREAD, mode.fflag());
  }

  @Test
  void createAndTruncateOnlyCountWhenWriting() {
    OpenMode reading = OpenMode.of(Set.of(READ, CREATE, TRUNCATE_EXISTING));
    assertFalse(reading.create());
    assertFalse(reading.truncate());
    OpenMode writing = OpenMode.of(Set.of(WRITE, CREATE, TRUNCATE_EXISTING));
    assertTrue(writing.create());
    assertTrue(writing.truncate());
    assertEquals(OpenFlags.FWRITE, writing.fflag());
  }

  @Test
  void appendWritesAndExcludesReadAndTruncate() {
    OpenMode append = OpenMode.of(Set.of(APPEND));
    assertTrue(append.write());
    assertEquals(OpenFlags.FWRITE | OpenFlags.O_APPEND, append.fflag());
    assertThrows(IllegalArgumentException.class, () -> OpenMode.of(Set.of(APPEND, READ)));
    assertThrows(IllegalArgumentException.class, () -> OpenMode.of(Set.of(APPEND, TRUNCATE_EXISTING)));
  }

  @Test
  void syncOptionsMakeEveryWriteSynchronous() {
    assertEquals(IoFlags.IO_SYNC, OpenMode.of(Set.of(WRITE, SYNC)).ioflag());
    assertEquals(IoFlags.IO_DSYNC, OpenMode.of(Set.of(WRITE, DSYNC)).ioflag());
    assertEquals(0, OpenMode.of(Set.of(WRITE)).ioflag());
    assertTrue((OpenMode.of(Set.of(WRITE, SYNC)).fflag() & OpenFlags.O_SYNC) != 0);
  }

  @Test
  void noFollowLinksIsRemembered() {
    assertFalse(OpenMode.of(Set.of(READ, LinkOption.NOFOLLOW_LINKS)).follow());
    assertTrue(OpenMode.of(Set.of(READ)).follow());
  }
}
