package org.jpuffs.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

  @TempDir
  Path tmp;

  @Test
  void aSecondEngineIsToldWhichDataDirIsHeldAndByWhom() {
    Path dir = tmp.resolve("data");
    try (DataDirLock first = DataDirLock.acquire(dir)) {
      assertTrue(Files.isDirectory(first.dataDir()), "the data dir is created");
      DataDirInUseException e = assertThrows(DataDirInUseException.class, () -> DataDirLock.acquire(dir));
      assertEquals(dir.toAbsolutePath().normalize(), e.dataDir());
      assertTrue(e.getMessage().startsWith("data dir " + dir.toAbsolutePath().normalize() + " in use by"),
          e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    }
  }

  @Test
  void theLockFileNamesItsHolderAndIsFreeAgainAfterClose() {
    Path dir = tmp.resolve("data");
    DataDirLock.acquire(dir).close();
    try (DataDirLock again = DataDirLock.acquire(dir)) {
      assertEquals("pid " + ProcessHandle.current().pid(),
          DataDirLock.holderOf(again.dataDir().resolve(DataDirLock.FILE_NAME)));
    }
  }
}
