package org.jpuffs.api.protocol;

/** NetBSD mount flags ({@code MNT_*}) and {@code waitfor} values the protocol carries. */
public final class MountFlags {
  private MountFlags() {}

  /** Read-only mount. */
  public static final int MNT_RDONLY = 0x00000001;
  /** All I/O synchronous. */
  public static final int MNT_SYNCHRONOUS = 0x00000002;
  /** No exec. */
  public static final int MNT_NOEXEC = 0x00000004;
  /** No set-id bits. */
  public static final int MNT_NOSUID = 0x00000008;
  /** No device nodes. */
  public static final int MNT_NODEV = 0x00000010;
  /** All I/O asynchronous. */
  public static final int MNT_ASYNC = 0x00000040;
  /** A local file system; puffs clears it. */
  public static final int MNT_LOCAL = 0x00001000;
  /** Change the flags of an existing mount; puffs does not support it. */
  public static final int MNT_UPDATE = 0x00010000;
  /** Forced unmount: the server may not refuse. */
  public static final int MNT_FORCE = 0x00080000;
  /** Return the mount's arguments instead of mounting. */
  public static final int MNT_GETARGS = 0x00400000;

  /** {@code waitfor} of SYNC: wait for all I/O. */
  public static final int MNT_WAIT = 1;
  /** {@code waitfor} of SYNC: start I/O, do not wait. */
  public static final int MNT_NOWAIT = 2;
  /** {@code waitfor} of SYNC: lazy (push data, fire and forget). */
  public static final int MNT_LAZY = 3;
}
