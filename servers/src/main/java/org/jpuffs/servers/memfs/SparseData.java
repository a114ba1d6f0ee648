package org.jpuffs.servers.memfs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jpuffs.api.protocol.Bytes;

/**
 * The bytes of one regular file, in {@value #CHUNK}-byte chunks kept in a map by chunk index, so that a hole costs
 * nothing and reads as zeros. A chunk's array is only as long as its last written byte (rounded up to a power of two,
 * so appends do not copy on every write), so a small file holds about its size.
 *
 * <p>Invariant: every byte at or beyond {@link #size()} that an array still holds is zero, so growing the size
 * (truncate up, write past the end) exposes zeros without touching the arrays.
 *
 * <p>Not thread-safe: the owning {@link Node}'s monitor guards it. Methods that change the storage held return the
 * change in bytes so the caller can settle it with {@link Capacity}; methods that would grow it come with a
 * {@code growthFor...} twin that says how much first, so a write can be refused before it changes anything.
 */
final class SparseData {
  /** Chunk size: the statvfs block size, and small enough that a partly used chunk wastes little. */
  static final int CHUNK = 4096;
  private static final int MIN_ARRAY = 64;

  private Map<Long, byte[]> chunks; // null while the file holds no data: an empty file pays for no map
  private long size;
  private long held;

  long size() {
    return size;
  }

  /** Bytes of storage held: the lengths of all chunk arrays. */
  long held() {
    return held;
  }

  /** The chunks, for the snapshot: index → array (arrays may be shorter than a chunk). */
  Map<Long, byte[]> chunks() {
    return chunks == null ? Map.of() : chunks;
  }

  /** Snapshot restore: puts back one chunk as it was written. */
  void restoreChunk(long index, byte[] data) {
    if (chunks == null) {
      chunks = new HashMap<>();
    }
    byte[] old = chunks.put(index, data);
    held += data.length - (old == null ? 0 : old.length);
  }

  /** Snapshot restore: the size as it was. */
  void restoreSize(long size) {
    this.size = size;
  }

  /** Up to {@code length} bytes from {@code offset}; fewer at the end of the file, none beyond it. */
  Bytes read(long offset, int length) {
    long n = Math.max(0, Math.min(length, size - offset));
    if (n == 0) {
      return Bytes.EMPTY;
    }
    byte[] out = new byte[(int) n];
    int done = 0;
    while (done < n) {
      long pos = offset + done;
      long index = pos / CHUNK;
      int inChunk = (int) (pos % CHUNK);
      int step = (int) Math.min(CHUNK - inChunk, n - done);
      byte[] chunk = chunks == null ? null : chunks.get(index);
      if (chunk != null && inChunk < chunk.length) {
        System.arraycopy(chunk, inChunk, out, done, Math.min(step, chunk.length - inChunk));
      }
      done += step;
    }
    return Bytes.adopt(out);
  }

  /** The storage {@link #write} of {@code length} bytes at {@code offset} would add. */
  long growthForWrite(long offset, long length) {
    return growthToCover(offset, length);
  }

  /** Writes {@code data} at {@code offset}, growing the size if it ends beyond it. */
  long write(long offset, Bytes data) {
    long before = held;
    int done = 0;
    while (done < data.size()) {
      long pos = offset + done;
      long index = pos / CHUNK;
      int inChunk = (int) (pos % CHUNK);
      int step = Math.min(CHUNK - inChunk, data.size() - done);
      byte[] chunk = ensure(index, inChunk + step);
      data.copyTo(done, chunk, inChunk, step);
      done += step;
    }
    size = Math.max(size, offset + data.size());
    return held - before;
  }

  /** The storage {@link #allocate} would add. */
  long growthForAllocate(long offset, long length) {
    return growthToCover(offset, length);
  }

  /** Backs {@code [offset, offset + length)} with storage (zeros where it was a hole); grows the size to cover it. */
  long allocate(long offset, long length) {
    long before = held;
    long end = offset + length;
    for (long index = offset / CHUNK; index <= (end - 1) / CHUNK; index++) {
      long chunkStart = index * CHUNK;
      ensure(index, (int) Math.min(CHUNK, end - chunkStart));
    }
    size = Math.max(size, end);
    return held - before;
  }

  /**
   * Makes {@code [offset, offset + length)} a hole: whole chunks are dropped, partial ones zeroed. The size stays.
   *
   * @return the (negative or zero) change in storage held
   */
  long punch(long offset, long length) {
    if (chunks == null) {
      return 0;
    }
    long before = held;
    long end = offset + length;
    Iterator<Map.Entry<Long, byte[]>> it = chunks.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, byte[]> e = it.next();
      long chunkStart = e.getKey() * CHUNK;
      long from = Math.max(offset, chunkStart);
      long to = Math.min(end, chunkStart + CHUNK);
      if (from >= to) {
        continue;
      }
      byte[] chunk = e.getValue();
      if (from == chunkStart && to == chunkStart + CHUNK) {
        held -= chunk.length;
        it.remove();
      } else {
        int a = (int) (from - chunkStart);
        int b = (int) Math.min(to - chunkStart, chunk.length);
        if (a < b) {
          Arrays.fill(chunk, a, b, (byte) 0);
        }
      }
    }
    dropMapIfEmpty();
    return held - before;
  }

  /**
   * Sets the size. Shrinking frees the chunks beyond it and zeroes the tail of the last one; growing only moves the
   * size (the new range is a hole).
   *
   * @return the (negative or zero) change in storage held
   */
  long truncate(long newSize) {
    long before = held;
    if (newSize < size && chunks != null) {
      Iterator<Map.Entry<Long, byte[]>> it = chunks.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, byte[]> e = it.next();
        long chunkStart = e.getKey() * CHUNK;
        byte[] chunk = e.getValue();
        if (chunkStart >= newSize) {
          held -= chunk.length;
          it.remove();
        } else if (chunkStart + chunk.length > newSize) {
          int keep = (int) (newSize - chunkStart);
          byte[] shorter = Arrays.copyOf(chunk, arrayLength(keep));
          Arrays.fill(shorter, keep, shorter.length, (byte) 0);
          held += shorter.length - chunk.length;
          e.setValue(shorter);
        }
      }
      dropMapIfEmpty();
    }
    size = newSize;
    return held - before;
  }

  /** Frees everything; returns the storage released. */
  long clear() {
    long freed = held;
    chunks = null;
    held = 0;
    size = 0;
    return freed;
  }

  private long growthToCover(long offset, long length) {
    long growth = 0;
    long end = offset + length;
    for (long pos = offset; pos < end; ) {
      long index = pos / CHUNK;
      long chunkStart = index * CHUNK;
      int needed = (int) Math.min(CHUNK, end - chunkStart);
      byte[] chunk = chunks == null ? null : chunks.get(index);
      int have = chunk == null ? 0 : chunk.length;
      if (needed > have) {
        growth += arrayLength(needed) - have;
      }
      pos = chunkStart + CHUNK;
    }
    return growth;
  }

  private byte[] ensure(long index, int needed) {
    if (chunks == null) {
      chunks = new HashMap<>();
    }
    byte[] chunk = chunks.get(index);
    int have = chunk == null ? 0 : chunk.length;
    if (needed <= have) {
      return chunk;
    }
    byte[] grown = chunk == null ? new byte[arrayLength(needed)] : Arrays.copyOf(chunk, arrayLength(needed));
    held += grown.length - have;
    chunks.put(index, grown);
    return grown;
  }

  private void dropMapIfEmpty() {
    if (chunks != null && chunks.isEmpty()) {
      chunks = null;
    }
  }

  /** The array length that holds {@code needed} bytes: a power of two from 64 up to a whole chunk. */
  private static int arrayLength(int needed) {
    if (needed <= MIN_ARRAY) {
      return MIN_ARRAY;
    }
    return Math.min(CHUNK, Integer.highestOneBit(needed - 1) << 1);
  }
}
