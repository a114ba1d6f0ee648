package org.jpuffs.api.protocol;

/** Protocol version and size limits, with NetBSD's values (DESIGN.md, "Constants"). */
public final class PuffsConstants {
  private PuffsConstants() {}

  /** {@code PUFFSVERSION}: the protocol version this implementation speaks. */
  public static final int PUFFSVERSION = 30;
  /** {@code MAXPHYS} of most NetBSD ports: 64 KiB. */
  public static final int MAXPHYS = 64 * 1024;
  /** {@code PUFFS_MSG_MAXSIZE} = 2 × MAXPHYS: the largest message, and the default maxmsglen. */
  public static final int PUFFS_MSG_MAXSIZE = 2 * MAXPHYS;
  /** {@code PUFFS_MSGSTRUCT_MAX}: the room a message's fixed part may take; data gets maxmsglen minus this. */
  public static final int PUFFS_MSGSTRUCT_MAX = 4096;
  /** {@code PUFFS_FHSIZE_MAX}: the largest handle a server may declare. */
  public static final int PUFFS_FHSIZE_MAX = 1020;
  /** {@code FHANDLE_SIZE_MAX}: the largest file handle the kernel passes around, overlay included. */
  public static final int FHANDLE_SIZE_MAX = 1024;
  /** {@code sizeof(struct fid)}: 2 (length) + 2 (reserved) + 16 (data). */
  public static final int FID_SIZE = 20;
  /** {@code NFSX_V2FH}: an NFSv2 handle is exactly this big. */
  public static final int NFSX_V2FH = 32;
  /** {@code NFSX_V3FHMAX}: the largest NFSv3 handle. */
  public static final int NFSX_V3FHMAX = 64;
  /** {@code _VFS_NAMELEN}: the typename buffer, NUL included. */
  public static final int VFS_NAMELEN = 32;
  /** {@code _VFS_MNAMELEN}: the mntfromname buffer, NUL included. */
  public static final int VFS_MNAMELEN = 1024;
  /** {@code PUFFS_TYPEPREFIX}: the kernel's prefix for a puffs file-system type name. */
  public static final String TYPE_PREFIX = "puffs|";
  /** {@code DEV_BSIZE}. */
  public static final int DEV_BSIZE = 512;
  /** {@code MAXPATHLEN}: the largest path, NUL included. */
  public static final int MAXPATHLEN = 1024;
  /** {@code NAME_MAX}: the largest path component. */
  public static final int NAME_MAX = 255;
  /** {@code PUFFS_EXTNAMELEN} ({@code KERNEL_NAME_MAX}): the largest extended-attribute name. */
  public static final int EXTNAMELEN = 256;
  /** The largest text an {@link ErrorReport} carries ({@code perr_str[256]}). */
  public static final int ERROR_TEXT_MAX = 255;

  /** {@code PUFFS_TOFHSIZE}: a server handle size plus the kernel's 4-byte overlay (0 stays 0). */
  public static int toFhSize(int serverSize) {
    return serverSize == 0 ? 0 : serverSize + 4;
  }

  /** {@code PUFFS_FROMFHSIZE}: the inverse of {@link #toFhSize}. */
  public static int fromFhSize(int kernelSize) {
    return kernelSize == 0 ? 0 : kernelSize - 4;
  }

  /** {@code PUFFS_TOMOVE}: how much data one message of a mount with {@code maxmsglen} may move. */
  public static long toMove(long requested, int maxmsglen) {
    return Math.min(requested, maxmsglen - PUFFS_MSGSTRUCT_MAX);
  }
}
