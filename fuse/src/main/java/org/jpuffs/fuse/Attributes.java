package org.jpuffs.fuse;

import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.fuse.kernel.FuseAttr;
import org.jpuffs.fuse.kernel.FuseRequest;

/** puffs {@link Vattr} ↔ FUSE's {@code fuse_attr} and {@code fuse_setattr_in}. */
final class Attributes {
  private static final int FATTR_MODE = 1;
  private static final int FATTR_UID = 1 << 1;
  private static final int FATTR_GID = 1 << 2;
  private static final int FATTR_SIZE = 1 << 3;
  private static final int FATTR_ATIME = 1 << 4;
  private static final int FATTR_MTIME = 1 << 5;
  private static final int FATTR_ATIME_NOW = 1 << 7;
  private static final int FATTR_MTIME_NOW = 1 << 8;
  private static final int FATTR_CTIME = 1 << 10;

  private Attributes() {}

  /** The kernel's view of {@code va} for node {@code nodeid} (its inode number when the server gives none). */
  /** The attributes of a negative entry (node id 0), which the kernel does not read. */
  static final FuseAttr NONE = new FuseAttr(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  static FuseAttr toFuse(Vattr va, long nodeid) {
    long size = Math.max(0, va.size());
    long blocks = Vattr.isSet(va.bytes()) ? (va.bytes() + 511) / 512 : (size + 511) / 512;
    int blksize = Vattr.isSet(va.blocksize()) && va.blocksize() > 0 ? (int) va.blocksize() : 4096;
    return new FuseAttr(Vattr.isSet(va.fileid()) ? va.fileid() : nodeid, size, blocks,
        sec(va.atime()), nsec(va.atime()), sec(va.mtime()), nsec(va.mtime()), sec(va.ctime()), nsec(va.ctime()),
        va.posixMode(), Vattr.isSet(va.nlink()) ? (int) va.nlink() : 1, va.uid(), va.gid(),
        Vattr.isSet(va.rdev()) ? (int) va.rdev() : 0, blksize);
  }

  /**
   * The SETATTR request's {@code fuse_setattr_in} (88 bytes) as a puffs SETATTR vattr: only the fields the kernel
   * marked valid are set; {@code *_NOW} become {@link Timespec#NOW}, an unchanged time of a pair {@link Timespec#OMIT}.
   */
  static Vattr fromSetattr(FuseRequest in) {
    int valid = in.u32();
    in.skip(4);
    in.u64(); // fh
    long size = in.u64();
    in.u64(); // lock_owner
    long atime = in.u64();
    long mtime = in.u64();
    long ctime = in.u64();
    int atimensec = in.u32();
    int mtimensec = in.u32();
    int ctimensec = in.u32();
    int mode = in.u32();
    in.skip(4);
    int uid = in.u32();
    int gid = in.u32();
    Vattr.Builder b = Vattr.builder();
    if ((valid & FATTR_MODE) != 0) {
      b.mode(mode & 07777);
    }
    if ((valid & FATTR_UID) != 0) {
      b.uid(uid);
    }
    if ((valid & FATTR_GID) != 0) {
      b.gid(gid);
    }
    if ((valid & FATTR_SIZE) != 0) {
      b.size(size);
    }
    boolean times = (valid & (FATTR_ATIME | FATTR_MTIME)) != 0;
    if (times) {
      b.atime(time(valid, FATTR_ATIME, FATTR_ATIME_NOW, atime, atimensec));
      b.mtime(time(valid, FATTR_MTIME, FATTR_MTIME_NOW, mtime, mtimensec));
    }
    if ((valid & FATTR_CTIME) != 0) {
      b.ctime(new Timespec(ctime, ctimensec));
    }
    return b.build();
  }

  private static Timespec time(int valid, int set, int now, long sec, int nsec) {
    if ((valid & set) == 0) {
      return Timespec.OMIT;
    }
    return (valid & now) != 0 ? Timespec.NOW : new Timespec(sec, nsec);
  }

  /** The vattr of a new node: its type from the {@code S_IFMT} bits of {@code mode}, its permissions. */
  static Vattr ofNew(int mode) {
    return Vattr.builder().type(typeOf(mode)).mode(mode & 07777).build();
  }

  /** The node type of an {@code st_mode}. */
  static VType typeOf(int mode) {
    switch (mode & 0170000) {
      case 0100000:
        return VType.VREG;
      case 0040000:
        return VType.VDIR;
      case 0060000:
        return VType.VBLK;
      case 0020000:
        return VType.VCHR;
      case 0120000:
        return VType.VLNK;
      case 0140000:
        return VType.VSOCK;
      case 0010000:
        return VType.VFIFO;
      default:
        return VType.VREG;
    }
  }

  /** The {@code DT_*} type of a directory entry ({@code S_IFMT >> 12}). */
  static int direntType(VType type) {
    return type.modeBits() >> 12;
  }

  private static long sec(Timespec t) {
    return Timespec.VNOVAL.equals(t) ? 0 : t.sec();
  }

  private static int nsec(Timespec t) {
    return Timespec.VNOVAL.equals(t) ? 0 : (int) t.nsec();
  }
}
