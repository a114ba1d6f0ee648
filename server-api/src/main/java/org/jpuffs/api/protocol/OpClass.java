package org.jpuffs.api.protocol;

/** The opclass of a puffs message ({@code preq_opclass & PUFFSOP_OPCMASK}), PUFFSVERSION 30 numbering. */
public enum OpClass {
  /** Engine → server: VFS (mount-wide) ops. */
  VFS(1),
  /** Engine → server: vnode ops. */
  VN(2),
  /** Engine → server: page-cache info. Defined by puffs but never sent (its sender is compiled out in NetBSD). */
  CACHE(3),
  /** Engine → server: an error report ({@link ErrorReport}); always fire-and-forget. */
  ERROR(4),
  /** Server → engine: cache invalidation or flush. */
  FLUSH(5),
  /** Server → engine: suspend control. */
  SUSPEND(6),
  /** Server → engine: "please unmount me". */
  UNMOUNT(7);

  /** {@code PUFFSOPFLAG_FAF}: fire and forget, no reply. */
  public static final int FLAG_FAF = 0x10;
  /** {@code PUFFSOPFLAG_ISRESPONSE}: this is the engine's response to a server-originated request. */
  public static final int FLAG_ISRESPONSE = 0x20;

  private final int code;

  OpClass(int code) {
    this.code = code;
  }

  /** The wire value. */
  public int code() {
    return code;
  }
}
