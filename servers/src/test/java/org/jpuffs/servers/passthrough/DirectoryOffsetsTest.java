package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.junit.jupiter.api.Test;

class DirectoryOffsetsTest {

  @Test
  void dotsComeFirstAndNamesAfterThem() {
    List<DirectoryOffsets.Slot> slots = DirectoryOffsets.after(0, List.of("b", "a"));
    assertEquals(".", slots.get(0).name());
    assertEquals("..", slots.get(1).name());
    assertEquals(4, slots.size());
    assertTrue(slots.get(2).offset() > DirectoryOffsets.DOTDOT);
    assertTrue(slots.get(2).offset() <= slots.get(3).offset());
  }

  @Test
  void offsetsDependOnTheNameOnly() {
    assertEquals(DirectoryOffsets.offsetOf("hello"), DirectoryOffsets.offsetOf("hello"));
    assertNotEquals(DirectoryOffsets.offsetOf("hello"), DirectoryOffsets.offsetOf("hellp"));
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      long offset = DirectoryOffsets.offsetOf("file-" + i);
      assertTrue(offset > DirectoryOffsets.DOTDOT && offset < (1L << 62));
      seen.add(offset);
    }
    assertEquals(100_000, seen.size());
  }

  @Test
  void afterSkipsEverythingUpToTheOffset() {
    List<String> names = List.of("a", "b", "c", "d");
    List<DirectoryOffsets.Slot> all = DirectoryOffsets.after(0, names);
    long middle = all.get(3).offset();
    List<DirectoryOffsets.Slot> rest = DirectoryOffsets.after(middle, names);
    assertEquals(all.subList(4, all.size()), rest);
  }

  @Test
  void insertionsNeverRepeatOrSkipNamesAlreadyThere() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      names.add("n" + i);
    }
    List<String> seen = new ArrayList<>();
    long offset = 0;
    int round = 0;
    while (true) {
      List<DirectoryOffsets.Slot> slots = DirectoryOffsets.after(offset, names);
      if (slots.isEmpty()) {
        break;
      }
      int n = DirectoryOffsets.fit(slots, 5 * 24, 0);
      slots.subList(0, n).forEach(s -> seen.add(s.name()));
      offset = slots.get(n - 1).offset();
      names.add("new" + round++); // a name created between two READDIRs
    }
    Set<String> unique = new HashSet<>(seen);
    assertEquals(seen.size(), unique.size(), "no name twice");
    for (int i = 0; i < 200; i++) {
      assertTrue(unique.contains("n" + i), "n" + i + " not skipped");
    }
  }

  @Test
  void fitStopsAtTheBufferSizeAndAtNcookies() {
    List<DirectoryOffsets.Slot> slots = DirectoryOffsets.after(0, List.of("a", "b", "c"));
    // "." and ".." take 16 bytes each, one-letter names 16 too.
    assertEquals(2, DirectoryOffsets.fit(slots, 40, 0));
    assertEquals(5, DirectoryOffsets.fit(slots, 1000, 0));
    assertEquals(3, DirectoryOffsets.fit(slots, 1000, 3));
  }

  @Test
  void fitRefusesABufferTooSmallForOneEntry() {
    List<DirectoryOffsets.Slot> slots = DirectoryOffsets.after(0, List.of("a"));
    assertEquals(Errno.EINVAL, assertThrows(PuffsException.class, () -> DirectoryOffsets.fit(slots, 8, 0)).errno());
  }

  @Test
  void fitNeverSplitsEqualOffsets() {
    List<DirectoryOffsets.Slot> slots = List.of(new DirectoryOffsets.Slot("a", 10), new DirectoryOffsets.Slot("b", 20),
        new DirectoryOffsets.Slot("c", 20), new DirectoryOffsets.Slot("d", 30));
    // Room for two: the third shares its offset with the second, so only the first goes.
    assertEquals(1, DirectoryOffsets.fit(slots, 32, 0));
    assertEquals(3, DirectoryOffsets.fit(slots, 48, 0));
  }

  @Test
  void emptyDirectoryListsOnlyDots() {
    assertEquals(List.of(".", ".."),
        DirectoryOffsets.after(0, List.of()).stream().map(DirectoryOffsets.Slot::name).collect(Collectors.toList()));
    assertTrue(DirectoryOffsets.after(DirectoryOffsets.DOTDOT, List.of()).isEmpty());
  }
}
