package org.jpuffs.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files: complete only once committed, checked before a restore, cleaned up without racing a writer. */
class ServerSnapshotFilesTest {

  @TempDir
  Path dir;

  private ServerSnapshotFiles.Writing written(ServerSnapshotFiles files, long session, long seq, byte[] bytes)
      throws IOException {
    ServerSnapshotFiles.Writing writing = files.write(ServerSnapshotFiles.nameOf(session, seq));
    OutputStream out = writing.stream();
    out.write(bytes);
    writing.commit();
    return writing;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aCommittedFileReadsBackOnlyWithItsSizeAndChecksum() throws IOException {
    ServerSnapshotFiles files = new ServerSnapshotFiles(dir);
    ServerSnapshotFiles.Writing writing = written(files, 1, 10, new byte[] {1, 2, 3});
    assertEquals(3, writing.size());
    try (InputStream in = files.openVerified(writing.name(), 3, writing.crc32())) {
      assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
    }
    IOException damaged = assertThrows(IOException.class,
        () -> files.openVerified(writing.name(), 3, writing.crc32() ^ 1));
    assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
    assertThrows(IOException.class, () -> files.openVerified(writing.name(), 4, writing.crc32()));
    assertThrows(IOException.class, () -> files.openVerified("s1-r11.snapshot", 3, writing.crc32()));
  }

  @Test
  void cleanupKeepsTheKeptFilesAndASnapshotBeingWritten() throws IOException {
    ServerSnapshotFiles files = new ServerSnapshotFiles(dir);
    written(files, 1, 5, new byte[] {5});
    written(files, 2, 10, new byte[] {10});
    written(files, 2, 20, new byte[] {20});
    written(files, 2, 30, new byte[] {30});
    ServerSnapshotFiles.Writing inProgress = files.write(ServerSnapshotFiles.nameOf(2, 40));
    inProgress.stream().write(40);

    files.deleteAllBut(Set.of("s2-r20.snapshot", "s2-r30.snapshot"), 2, 30);
    assertEquals(List.of("s2-r20.snapshot", "s2-r30.snapshot", "s2-r40.snapshot.partial"), names());
    inProgress.commit();
    assertEquals(List.of("s2-r20.snapshot", "s2-r30.snapshot", "s2-r40.snapshot"), names());
  }

  @Test
  void aFileNameGivesItsSessionAndRecord() {
    assertArrayEquals(new long[] {3, 1200}, ServerSnapshotFiles.positionOf("s3-r1200.snapshot"));
    assertArrayEquals(new long[] {3, 1200}, ServerSnapshotFiles.positionOf("s3-r1200.snapshot.partial"));
    assertNull(ServerSnapshotFiles.positionOf("notes.txt"));
  }
}
