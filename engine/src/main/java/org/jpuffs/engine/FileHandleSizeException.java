package org.jpuffs.engine;

import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/** VFS_VPTOFH failed with E2BIG: the caller's room was too small; {@link #neededSize()} says how much is needed. */
public final class FileHandleSizeException extends PuffsException {
  private static final long serialVersionUID = 1L;

  private final int neededSize;

  FileHandleSizeException(int neededSize) {
    super(Errno.E2BIG, "file handle needs " + neededSize + " bytes");
    this.neededSize = neededSize;
  }

  /** The size needed, including puffs' 4-byte overlay. */
  public int neededSize() {
    return neededSize;
  }
}
