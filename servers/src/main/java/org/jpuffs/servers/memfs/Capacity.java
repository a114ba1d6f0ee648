package org.jpuffs.servers.memfs;

import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;

/**
 * The byte and node budget of one memfs: what statvfs reports and what keeps a large copy from exhausting the heap.
 * Bytes are storage actually held (file chunks, symlink targets, extended attributes), not logical file sizes, so
 * holes are free. Lock-free, because writers to different files reserve concurrently.
 */
final class Capacity {
  private final long maxBytes;
  private final long maxNodes;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong nodes = new AtomicLong();

  Capacity(long maxBytes, long maxNodes) {
    this.maxBytes = maxBytes;
    this.maxNodes = maxNodes;
  }

  long maxBytes() {
    return maxBytes;
  }

  long maxNodes() {
    return maxNodes;
  }

  long usedBytes() {
    return bytes.get();
  }

  long usedNodes() {
    return nodes.get();
  }

  /**
   * Takes {@code n} bytes from the budget; a negative {@code n} gives them back.
   *
   * @throws PuffsException ENOSPC if they do not fit; nothing is taken then
   */
  void reserveBytes(long n) {
    if (n <= 0) {
      bytes.addAndGet(n);
      return;
    }
    long before;
    do {
      before = bytes.get();
      if (before + n > maxBytes || before + n < 0) {
        throw new PuffsException(Errno.ENOSPC, "memfs holds " + before + " of " + maxBytes + " bytes");
      }
    } while (!bytes.compareAndSet(before, before + n));
  }

  void releaseBytes(long n) {
    bytes.addAndGet(-n);
  }

  /**
   * Takes one node from the budget.
   *
   * @throws PuffsException ENOSPC when every node is in use
   */
  void reserveNode() {
    long before;
    do {
      before = nodes.get();
      if (before >= maxNodes) {
        throw new PuffsException(Errno.ENOSPC, "memfs holds " + before + " of " + maxNodes + " nodes");
      }
    } while (!nodes.compareAndSet(before, before + 1));
  }

  void releaseNode() {
    nodes.decrementAndGet();
  }

  /** STATVFS from the budget: blocks of the chunk size, files of the node limit. */
  Statvfs statvfs(long fsid, String typeName) {
    long block = SparseData.CHUNK;
    long freeBlocks = Math.max(0, maxBytes - bytes.get()) / block;
    long freeNodes = Math.max(0, maxNodes - nodes.get());
    return Statvfs.builder()
        .bsize(block)
        .frsize(block)
        .iosize(block)
        .blocks(maxBytes / block)
        .bfree(freeBlocks)
        .bavail(freeBlocks)
        .files(maxNodes)
        .ffree(freeNodes)
        .favail(freeNodes)
        .fsidx(fsid)
        .fsid(fsid)
        .namemax(PuffsConstants.NAME_MAX)
        .fstypename(typeName)
        .mntfromname(typeName)
        .build();
  }
}
