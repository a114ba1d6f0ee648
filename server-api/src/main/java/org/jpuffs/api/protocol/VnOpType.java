package org.jpuffs.api.protocol;

/**
 * Vnode op numbers ({@code enum puffs_vn}, PUFFSVERSION 30). Not all of them travel: IOCTL, FCNTL, KQFILTER, REVOKE,
 * LOCK, UNLOCK, BMAP, STRATEGY, ISLOCKED, LEASE, WHITEOUT, GETPAGES, PUTPAGES, OPENEXTATTR and CLOSEEXTATTR are
 * handled by the kernel side or not at all, as in NetBSD. The numbering is kept whole because the op mask is indexed by
 * it.
 */
public enum VnOpType {
  LOOKUP, CREATE, MKNOD, OPEN, CLOSE, ACCESS, GETATTR, SETATTR, READ, WRITE,
  IOCTL, FCNTL, POLL, KQFILTER, REVOKE, MMAP, FSYNC, SEEK, REMOVE, LINK,
  RENAME, MKDIR, RMDIR, SYMLINK, READDIR, READLINK, ABORTOP, INACTIVE, RECLAIM, LOCK,
  UNLOCK, BMAP, STRATEGY, PRINT, ISLOCKED, PATHCONF, ADVLOCK, LEASE, WHITEOUT, GETPAGES,
  PUTPAGES, GETEXTATTR, LISTEXTATTR, OPENEXTATTR, DELETEEXTATTR, SETEXTATTR, CLOSEEXTATTR, FALLOCATE, FDISCARD;

  /** {@code PUFFS_VN_MAX}. */
  public static final int MAX = FDISCARD.ordinal();
  /** {@code PUFFS_VN_SPARE}: room in the op mask for ops added later. */
  public static final int SPARE = 30;

  /** The wire value ({@code PUFFS_VN_*}). */
  public int code() {
    return ordinal();
  }

  /** The op for a wire value. */
  public static VnOpType ofCode(int code) {
    VnOpType[] all = values();
    if (code < 0 || code >= all.length) {
      throw new IllegalArgumentException("no vnode op " + code);
    }
    return all[code];
  }
}
