package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * Vnode attributes ({@code struct vattr}), as GETATTR returns them and SETATTR, CREATE, MKNOD, MKDIR and SYMLINK
 * send them.
 *
 * <p>Every field has an "unset" value, as {@code vattr_null} leaves it: {@link #VNOVAL} (-1) for numbers,
 * {@link VType#VNON} for the type and {@link Timespec#VNOVAL} for times. In a SETATTR request an unset field means
 * "leave unchanged"; a time may also be {@link Timespec#NOW} or {@link Timespec#OMIT}.
 *
 * @param type the node type; VNON = not set
 * @param mode permission bits (07777); VNOVAL = not set
 * @param nlink link count
 * @param uid owner
 * @param gid group
 * @param fsid file-system id
 * @param fileid file id (inode number)
 * @param size size in bytes
 * @param blocksize preferred I/O block size
 * @param atime last access
 * @param mtime last modification
 * @param ctime last status change
 * @param birthtime creation
 * @param gen generation number
 * @param flags file flags (chflags)
 * @param rdev device number for VBLK and VCHR
 * @param bytes bytes of storage in use
 * @param filerev file revision
 * @param vaflags operation flags (VA_UTIMES_NULL …)
 */
public record Vattr(VType type, int mode, long nlink, int uid, int gid, long fsid, long fileid, long size,
    long blocksize, Timespec atime, Timespec mtime, Timespec ctime, Timespec birthtime, long gen, long flags,
    long rdev, long bytes, long filerev, int vaflags) implements PuffsSerializable {

  /** The "no value" marker of {@code sys/vnode.h}. */
  public static final long VNOVAL = -1;

  /** {@code va_vaflags}: the times were set to "now" without explicit values ({@code utimes(path, NULL)}). */
  public static final int VA_UTIMES_NULL = 0x01;

  /** Every field unset ({@code vattr_null}). */
  public static final Vattr NULL = builder().build();

  public Vattr {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(atime, "atime");
    Objects.requireNonNull(mtime, "mtime");
    Objects.requireNonNull(ctime, "ctime");
    Objects.requireNonNull(birthtime, "birthtime");
  }

  /** {@code true} if {@code value} is not {@link #VNOVAL}. */
  public static boolean isSet(long value) {
    return value != VNOVAL;
  }

  /** The POSIX {@code st_mode}: type bits from {@link #type()} plus the permission bits. */
  public int posixMode() {
    return type.modeBits() | (mode == VNOVAL ? 0 : mode & 07777);
  }

  /** A builder with every field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return Builder.from(this);
  }

  /** Builds a {@link Vattr} field by field; fields not set keep their defaults. */
  public static final class Builder {
    private VType type = VType.VNON;
    private int mode = (int) VNOVAL;
    private long nlink = VNOVAL;
    private int uid = (int) VNOVAL;
    private int gid = (int) VNOVAL;
    private long fsid = VNOVAL;
    private long fileid = VNOVAL;
    private long size = VNOVAL;
    private long blocksize = VNOVAL;
    private Timespec atime = Timespec.VNOVAL;
    private Timespec mtime = Timespec.VNOVAL;
    private Timespec ctime = Timespec.VNOVAL;
    private Timespec birthtime = Timespec.VNOVAL;
    private long gen = VNOVAL;
    private long flags = VNOVAL;
    private long rdev = VNOVAL;
    private long bytes = VNOVAL;
    private long filerev = VNOVAL;
    private int vaflags = (int) VNOVAL;

    private Builder() {}

    private static Builder from(Vattr v) {
      Builder b = new Builder();
      b.type = v.type;
      b.mode = v.mode;
      b.nlink = v.nlink;
      b.uid = v.uid;
      b.gid = v.gid;
      b.fsid = v.fsid;
      b.fileid = v.fileid;
      b.size = v.size;
      b.blocksize = v.blocksize;
      b.atime = v.atime;
      b.mtime = v.mtime;
      b.ctime = v.ctime;
      b.birthtime = v.birthtime;
      b.gen = v.gen;
      b.flags = v.flags;
      b.rdev = v.rdev;
      b.bytes = v.bytes;
      b.filerev = v.filerev;
      b.vaflags = v.vaflags;
      return b;
    }

    /** Sets type. */
    public Builder type(VType type) {
      this.type = type;
      return this;
    }

    /** Sets mode. */
    public Builder mode(int mode) {
      this.mode = mode;
      return this;
    }

    /** Sets nlink. */
    public Builder nlink(long nlink) {
      this.nlink = nlink;
      return this;
    }

    /** Sets uid. */
    public Builder uid(int uid) {
      this.uid = uid;
      return this;
    }

    /** Sets gid. */
    public Builder gid(int gid) {
      this.gid = gid;
      return this;
    }

    /** Sets fsid. */
    public Builder fsid(long fsid) {
      this.fsid = fsid;
      return this;
    }

    /** Sets fileid. */
    public Builder fileid(long fileid) {
      this.fileid = fileid;
      return this;
    }

    /** Sets size. */
    public Builder size(long size) {
      this.size = size;
      return this;
    }

    /** Sets blocksize. */
    public Builder blocksize(long blocksize) {
      this.blocksize = blocksize;
      return this;
    }

    /** Sets atime. */
    public Builder atime(Timespec atime) {
      this.atime = atime;
      return this;
    }

    /** Sets mtime. */
    public Builder mtime(Timespec mtime) {
      this.mtime = mtime;
      return this;
    }

    /** Sets ctime. */
    public Builder ctime(Timespec ctime) {
      this.ctime = ctime;
      return this;
    }

    /** Sets birthtime. */
    public Builder birthtime(Timespec birthtime) {
      this.birthtime = birthtime;
      return this;
    }

    /** Sets gen. */
    public Builder gen(long gen) {
      this.gen = gen;
      return this;
    }

    /** Sets flags. */
    public Builder flags(long flags) {
      this.flags = flags;
      return this;
    }

    /** Sets rdev. */
    public Builder rdev(long rdev) {
      this.rdev = rdev;
      return this;
    }

    /** Sets bytes. */
    public Builder bytes(long bytes) {
      this.bytes = bytes;
      return this;
    }

    /** Sets filerev. */
    public Builder filerev(long filerev) {
      this.filerev = filerev;
      return this;
    }

    /** Sets vaflags. */
    public Builder vaflags(int vaflags) {
      this.vaflags = vaflags;
      return this;
    }

    /** The finished value. */
    public Vattr build() {
      return new Vattr(type, mode, nlink, uid, gid, fsid, fileid, size, blocksize, atime, mtime, ctime, birthtime,
          gen, flags, rdev, bytes, filerev, vaflags);
    }
  }
}
