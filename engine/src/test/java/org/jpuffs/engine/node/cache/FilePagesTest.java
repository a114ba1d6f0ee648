package org.jpuffs.engine.node.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jpuffs.api.protocol.Bytes;
import org.junit.jupiter.api.Test;

/** The pages of one file on their own: partial pages, ranges of dirty pages, and the engine's page memory. */
class FilePagesTest {
  private static final int PAGE = FilePages.PAGE;

  private static FilePages file(PageMemory memory) {
    MountCaches mount = new MountCaches(new CacheSettings(CacheClock.SYSTEM, 16, memory), true, false, false, true,
        true);
    FilePages pages = new FilePages(mount);
    pages.setEnabled(true);
    return pages;
  }

  private static Bytes bytes(int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 7 + seed);
    }
    return Bytes.of(data);
  }

  @Test
  void testWritten_intoAnUnknownPageKnowsOnlyTheWrittenBytes() {
    FilePages pages = file(new PageMemory(1 << 20));
    assertTrue(pages.written(5000, bytes(10, 1), 10_000, true));
    assertEquals(1, pages.partialPageCount());
    assertArrayEquals(bytes(10, 1).toByteArray(), pages.read(5000, 10).toByteArray());
    assertNull(pages.read(4999, 2), "a byte the engine does not know is a miss");
    assertNull(pages.read(4096, 4096));
  }

  @Test
  void testTakeDirty_aPartialPageGivesOneRunPerStretchAndGoes() {
    FilePages pages = file(new PageMemory(1 << 20));
    pages.written(5000, bytes(10, 1), 10_000, true);
    pages.written(5500, bytes(20, 2), 10_000, true);
    List<FilePages.DirtyRun> runs = pages.takeDirty();
    assertEquals(2, runs.size());
    assertEquals(5000, runs.get(0).offset());
    assertArrayEquals(bytes(10, 1).toByteArray(), runs.get(0).data());
    assertEquals(5500, runs.get(1).offset());
    assertArrayEquals(bytes(20, 2).toByteArray(), runs.get(1).data());
    assertEquals(0, pages.pageCount(), "its unknown bytes cannot be read from here");
    assertFalse(pages.hasDirty());
  }

  @Test
  void testWritten_aPartialPageWrittenWholeBecomesAPage() {
    FilePages pages = file(new PageMemory(1 << 20));
    pages.written(4096 + 100, bytes(PAGE - 100, 3), 100_000, true);
    pages.written(4096, bytes(100, 4), 100_000, true);
    assertEquals(0, pages.partialPageCount());
    assertEquals(PAGE, pages.read(4096, PAGE).size());
  }

  @Test
  void testTakeDirty_onlyTheRangeGoes() {
    FilePages pages = file(new PageMemory(1 << 20));
    pages.written(0, bytes(3 * PAGE, 5), 0, true);
    pages.written(10 * PAGE, bytes(PAGE, 6), 3 * PAGE, true);
    List<FilePages.DirtyRun> runs = pages.takeDirty(PAGE + 1, PAGE + 2);
    assertEquals(1, runs.size());
    assertEquals(PAGE, runs.get(0).offset());
    assertEquals(PAGE, runs.get(0).data().length);
    assertEquals(3 * PAGE, pages.dirtyBytes(), "the pages outside the range stay dirty");
  }

  @Test
  void testTruncated_cutsTheKnownBytesOfAPartialPage() {
    FilePages pages = file(new PageMemory(1 << 20));
    pages.written(5000, bytes(100, 7), 10_000, true);
    pages.truncated(5050);
    List<FilePages.DirtyRun> runs = pages.takeDirty();
    assertEquals(1, runs.size());
    assertEquals(50, runs.get(0).data().length);
  }

  @Test
  void testReserve_takesCleanPagesOfOtherFilesFirstAndNeverDirtyOnes() {
    PageMemory memory = new PageMemory(4L * PAGE);
    FilePages a = file(memory);
    FilePages b = file(memory);
    a.filled(0, 2 * PAGE, bytes(2 * PAGE, 8), a.generation());
    a.written(2 * PAGE, bytes(PAGE, 9), 2 * PAGE, true);
    assertEquals(3L * PAGE, memory.used());
    b.filled(0, 2 * PAGE, bytes(2 * PAGE, 10), b.generation());
    assertEquals(4L * PAGE, memory.used());
    assertEquals(2, b.pageCount());
    assertEquals(2, a.pageCount(), "one clean page of a made room; its dirty page stays");
    assertTrue(a.hasDirty());
    b.filled(2 * PAGE, 2 * PAGE, bytes(2 * PAGE, 11), b.generation());
    assertTrue(memory.used() <= 4L * PAGE);
    assertTrue(a.hasDirty(), "a dirty page is never dropped");
  }

  @Test
  void testWritten_aWriteThroughWriteWithoutRoomKeepsNoPage() {
    PageMemory memory = new PageMemory(2L * PAGE);
    FilePages a = file(memory);
    FilePages b = file(memory);
    assertTrue(a.written(0, bytes(2 * PAGE, 12), 0, true));
    assertFalse(b.written(0, bytes(PAGE, 13), 0, false), "only dirty pages are held: no room for a clean one");
    assertEquals(0, b.pageCount());
    assertEquals(2L * PAGE, memory.used());
    assertTrue(b.written(0, bytes(PAGE, 14), 0, true), "a write-back write is taken over the bound");
    assertTrue(memory.isOver());
  }
}
