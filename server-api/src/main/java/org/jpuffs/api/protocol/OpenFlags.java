package org.jpuffs.api.protocol;

/** Open modes as OPEN and CLOSE carry them (NetBSD {@code F*} and {@code O_*} values), and OPEN's reply flags. */
public final class OpenFlags {
  private OpenFlags() {}

  /** Open for reading. */
  public static final int FREAD = 0x00000001;
  /** Open for writing. */
  public static final int FWRITE = 0x00000002;
  /** Non-blocking I/O. */
  public static final int O_NONBLOCK = 0x00000004;
  /** Append on each write. */
  public static final int O_APPEND = 0x00000008;
  /** Synchronous writes. */
  public static final int O_SYNC = 0x00000080;
  /** Do not follow a final symlink. */
  public static final int O_NOFOLLOW = 0x00000100;
  /** Create if absent. */
  public static final int O_CREAT = 0x00000200;
  /** Truncate to zero. */
  public static final int O_TRUNC = 0x00000400;
  /** Fail if it exists. */
  public static final int O_EXCL = 0x00000800;
  /** Data-synchronous writes. */
  public static final int O_DSYNC = 0x00010000;
  /** Bypass caches. */
  public static final int O_DIRECT = 0x00080000;
  /** Fail unless a directory. */
  public static final int O_DIRECTORY = 0x00200000;

  /** OPEN reply ({@code PUFFS_OPEN_IO_DIRECT}): bypass the engine's page cache for this node. */
  public static final int PUFFS_OPEN_IO_DIRECT = 0x01;
}
