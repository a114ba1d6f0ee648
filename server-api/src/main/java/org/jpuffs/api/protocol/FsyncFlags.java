package org.jpuffs.api.protocol;

/** The {@code flags} of FSYNC (NetBSD {@code FSYNC_*}). */
public final class FsyncFlags {
  private FsyncFlags() {}

  /** Wait for the I/O to complete; without it FSYNC is fire-and-forget. */
  public static final int FSYNC_WAIT = 0x0001;
  /** Data only, not metadata (fdatasync). */
  public static final int FSYNC_DATAONLY = 0x0002;
  /** Part of reclaiming the node. */
  public static final int FSYNC_RECLAIM = 0x0004;
  /** Lazy sync from the syncer; always fire-and-forget. */
  public static final int FSYNC_LAZY = 0x0008;
  /** Also flush the device's cache. */
  public static final int FSYNC_CACHE = 0x0100;
}
