package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.jpuffs.api.protocol.Bytes;
import org.junit.jupiter.api.Test;

class SparseDataTest {

  private static Bytes filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return Bytes.of(b);
  }

  @Test
  void emptyFileHoldsNoStorage() {
    SparseData d = new SparseData();
    assertEquals(0, d.size());
    assertEquals(0, d.held());
    assertTrue(d.chunks().isEmpty());
    assertEquals(Bytes.EMPTY, d.read(0, 100));
  }

  @Test
  void writeAtOneTebibyteHoldsOneSmallArray() {
    SparseData d = new SparseData();
    long tib = 1L << 40;
    d.write(tib, Bytes.utf8("0123456789"));
    assertEquals(tib + 10, d.size());
    assertEquals(64, d.held(), "one 64-byte array, not a terabyte");
    assertEquals(Bytes.utf8("0123456789"), d.read(tib, 10));
  }

  @Test
  void holesReadAsZeros() {
    SparseData d = new SparseData();
    d.write(10_000, Bytes.utf8("x"));
    byte[] all = d.read(0, 10_001).toByteArray();
    for (int i = 0; i < 10_000; i++) {
      assertEquals(0, all[i], "byte " + i);
    }
    assertEquals('x', all[10_000]);
  }

  @Test
  void writesAndReadsSpanChunks() {
    SparseData d = new SparseData();
    byte[] data = new byte[20_000];
    new Random(1).nextBytes(data);
    d.write(1000, Bytes.of(data));
    assertArrayEquals(data, d.read(1000, 20_000).toByteArray());
    assertEquals(21_000, d.size());
  }

  @Test
  void smallFileHoldsAboutItsSize() {
    SparseData d = new SparseData();
    d.write(0, filled(100, 1));
    assertEquals(128, d.held());
    d.write(100, filled(100, 1));
    assertEquals(256, d.held());
  }

  @Test
  void readStopsAtTheEnd() {
    SparseData d = new SparseData();
    d.write(0, Bytes.utf8("abc"));
    assertEquals(Bytes.utf8("bc"), d.read(1, 100));
    assertEquals(Bytes.EMPTY, d.read(3, 100));
    assertEquals(Bytes.EMPTY, d.read(1000, 100));
  }

  @Test
  void shrinkingFreesChunksAndZeroesTheTailSoGrowingShowsZeros() {
    SparseData d = new SparseData();
    d.write(0, filled(9000, 0xff));
    long held = d.held();
    long delta = d.truncate(5000);
    assertTrue(delta < 0);
    assertEquals(held + delta, d.held());
    d.truncate(9000);
    byte[] all = d.read(0, 9000).toByteArray();
    for (int i = 0; i < 9000; i++) {
      assertEquals(i < 5000 ? (byte) 0xff : 0, all[i], "byte " + i);
    }
  }

  @Test
  void truncateToZeroHoldsNothing() {
    SparseData d = new SparseData();
    d.write(0, filled(50_000, 7));
    d.truncate(0);
    assertEquals(0, d.held());
    assertTrue(d.chunks().isEmpty());
  }

  @Test
  void growingOnlyMovesTheSize() {
    SparseData d = new SparseData();
    assertEquals(0, d.truncate(1L << 30));
    assertEquals(1L << 30, d.size());
    assertEquals(0, d.held());
  }

  @Test
  void punchDropsWholeChunksZeroesPartialOnesAndKeepsTheSize() {
    SparseData d = new SparseData();
    d.write(0, filled(3 * SparseData.CHUNK, 9));
    long delta = d.punch(100, 2 * SparseData.CHUNK);
    assertEquals(-SparseData.CHUNK, delta, "the middle chunk is freed");
    assertEquals(3 * SparseData.CHUNK, d.size());
    byte[] all = d.read(0, 3 * SparseData.CHUNK).toByteArray();
    for (int i = 0; i < all.length; i++) {
      boolean hole = i >= 100 && i < 100 + 2 * SparseData.CHUNK;
      assertEquals(hole ? 0 : 9, all[i], "byte " + i);
    }
  }

  @Test
  void allocateBacksTheRangeAndGrowsTheSize() {
    SparseData d = new SparseData();
    long growth = d.growthForAllocate(0, 10_000);
    assertEquals(growth, d.allocate(0, 10_000));
    assertEquals(10_000, d.size());
    assertTrue(d.held() >= 10_000);
    assertEquals(0, d.growthForWrite(0, 10_000), "allocated storage makes later writes free");
  }

  @Test
  void growthForWriteIsWhatWriteAdds() {
    Random random = new Random(7);
    SparseData d = new SparseData();
    for (int i = 0; i < 2000; i++) {
      long offset = random.nextInt(200_000);
      int length = 1 + random.nextInt(9000);
      long predicted = d.growthForWrite(offset, length);
      assertEquals(predicted, d.write(offset, filled(length, i)), "write " + i);
      if (i % 10 == 0) {
        d.truncate(random.nextInt(200_000));
      }
      if (i % 17 == 0) {
        d.punch(random.nextInt(200_000), 1 + random.nextInt(20_000));
      }
    }
    long sum = 0;
    for (byte[] chunk : d.chunks().values()) {
      sum += chunk.length;
    }
    assertEquals(sum, d.held());
  }
}
