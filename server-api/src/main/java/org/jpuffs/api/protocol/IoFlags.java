package org.jpuffs.api.protocol;

/** The {@code ioflag} of READ and WRITE (NetBSD {@code IO_*}). */
public final class IoFlags {
  private IoFlags() {}

  /** Do the I/O as one atomic unit. */
  public static final int IO_UNIT = 0x00010;
  /** Append at the end of the file. */
  public static final int IO_APPEND = 0x00020;
  /** Do not block. */
  public static final int IO_NDELAY = 0x00100;
  /** Data-synchronous. */
  public static final int IO_DSYNC = 0x00200;
  /** Synchronous (implies {@link #IO_DSYNC}). */
  public static final int IO_SYNC = 0x00040 | IO_DSYNC;
  /** Direct I/O. */
  public static final int IO_DIRECT = 0x04000;
}
