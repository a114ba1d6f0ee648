package org.jpuffs.api.protocol;

/** Vnode types ({@code enum vtype} of NetBSD's {@code sys/vnode.h}), in their NetBSD order. */
public enum VType {
  /** No type: unset in a vattr, or a vnode never initialised. */
  VNON,
  /** Regular file. */
  VREG,
  /** Directory. */
  VDIR,
  /** Block device. */
  VBLK,
  /** Character device. */
  VCHR,
  /** Symbolic link. */
  VLNK,
  /** Socket. */
  VSOCK,
  /** Named pipe. */
  VFIFO,
  /** A dead or bad vnode; never valid for a node a server creates. */
  VBAD;

  /** The NetBSD numeric value. */
  public int code() {
    return ordinal();
  }

  /** The type for a NetBSD numeric value, or {@link #VBAD} for anything out of range. */
  public static VType ofCode(int code) {
    VType[] all = values();
    return code >= 0 && code < all.length ? all[code] : VBAD;
  }

  /**
   * {@code true} for the types a server may give a node ({@code puffs_getvnode1}: {@code VNON < type < VBAD}).
   */
  public boolean isNodeType() {
    return this != VNON && this != VBAD;
  }

  /** The file-type bits of a POSIX {@code st_mode} for this type (0 for VNON and VBAD). */
  public int modeBits() {
    return switch (this) {
      case VREG -> 0100000;
      case VDIR -> 0040000;
      case VBLK -> 0060000;
      case VCHR -> 0020000;
      case VLNK -> 0120000;
      case VSOCK -> 0140000;
      case VFIFO -> 0010000;
      case VNON, VBAD -> 0;
    };
  }
}
