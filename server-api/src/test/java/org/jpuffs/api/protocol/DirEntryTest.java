package org.jpuffs.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DirEntryTest {

  @Test
  void recordLengthIsNetbsdDirentReclen() {
    // _DIRENT_RECLEN: 13-byte header + name + NUL, rounded up to 8.
    assertEquals(16, DirEntry.MIN_SIZE);
    assertEquals(16, new DirEntry(1, ".", VType.VDIR).recordLength());
    assertEquals(16, new DirEntry(1, "ab", VType.VDIR).recordLength());
    assertEquals(24, new DirEntry(1, "abc", VType.VDIR).recordLength());
    assertEquals(272, new DirEntry(1, "x".repeat(255), VType.VREG).recordLength());
    // Lengths count UTF-8 bytes: "é" is two, "éé" four.
    assertEquals(16, new DirEntry(1, "é", VType.VREG).recordLength());
    assertEquals(24, new DirEntry(1, "éé", VType.VREG).recordLength());
  }
}
