package org.jpuffs.servers.memfs;

import java.nio.ByteBuffer;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.PuffsException;

/**
 * memfs file handles: inode and generation, 8 bytes each, big-endian. Inodes are never reused, so the generation
 * is a second line of defence: a handle with the right inode and another generation (forged, or from a restored
 * snapshot of another file system) is stale too.
 */
final class FileHandles {
  private FileHandles() {}

  /** The size of every memfs handle; the mount declares it as fhSize. */
  static final int SIZE = 16;

  /** What a handle names. */
  record Decoded(long inode, long generation) {}

  static FileHandle encode(long inode, long generation) {
    return new FileHandle(Bytes.adopt(
        ByteBuffer.allocate(SIZE).putLong(inode).putLong(generation).array()));
  }

  /**
   * @throws PuffsException ESTALE if the handle is not one memfs made (wrong size)
   */
  static Decoded decode(FileHandle handle) {
    if (handle.size() != SIZE) {
      throw new PuffsException(Errno.ESTALE, "a memfs handle has " + SIZE + " bytes, not " + handle.size());
    }
    ByteBuffer b = handle.data().asReadOnlyBuffer();
    return new Decoded(b.getLong(), b.getLong());
  }
}
