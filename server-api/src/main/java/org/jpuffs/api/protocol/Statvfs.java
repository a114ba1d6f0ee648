package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * File-system statistics ({@code struct puffs_statvfs}, the ABI-frozen copy of NetBSD's {@code statvfs90}), as
 * STATVFS returns them and the mount arguments carry them initially. The four spare words of the C struct are left
 * out: they must be zero and carry nothing.
 *
 * @param flag mount flags (ST_*)
 * @param bsize file-system block size
 * @param frsize fundamental block size
 * @param iosize optimal I/O size
 * @param blocks blocks in units of frsize
 * @param bfree free blocks
 * @param bavail blocks available to non-root
 * @param bresvd blocks reserved for root
 * @param files total file nodes
 * @param ffree free file nodes
 * @param favail file nodes available to non-root
 * @param fresvd file nodes reserved for root
 * @param syncreads synchronous reads since mount
 * @param syncwrites synchronous writes since mount
 * @param asyncreads asynchronous reads since mount
 * @param asyncwrites asynchronous writes since mount
 * @param fsidx file-system id (fsid_t as one number)
 * @param fsid file-system id (compat)
 * @param namemax maximum file-name length
 * @param owner uid of the mounter
 * @param fstypename file-system type name
 * @param mntonname where mounted
 * @param mntfromname what is mounted
 */
public record Statvfs(long flag, long bsize, long frsize, long iosize, long blocks, long bfree, long bavail,
    long bresvd, long files, long ffree, long favail, long fresvd, long syncreads, long syncwrites, long asyncreads,
    long asyncwrites, long fsidx, long fsid, long namemax, int owner, String fstypename, String mntonname,
    String mntfromname) implements PuffsSerializable {

  /** All counts zero and names empty ({@code puffs_zerostatvfs}). */
  public static final Statvfs ZERO = builder().build();

  public Statvfs {
    Objects.requireNonNull(fstypename, "fstypename");
    Objects.requireNonNull(mntonname, "mntonname");
    Objects.requireNonNull(mntfromname, "mntfromname");
  }

  /** A builder with every field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return Builder.from(this);
  }

  /** Builds a {@link Statvfs} field by field; fields not set keep their defaults. */
  public static final class Builder {
    private long flag = 0;
    private long bsize = 0;
    private long frsize = 0;
    private long iosize = 0;
    private long blocks = 0;
    private long bfree = 0;
    private long bavail = 0;
    private long bresvd = 0;
    private long files = 0;
    private long ffree = 0;
    private long favail = 0;
    private long fresvd = 0;
    private long syncreads = 0;
    private long syncwrites = 0;
    private long asyncreads = 0;
    private long asyncwrites = 0;
    private long fsidx = 0;
    private long fsid = 0;
    private long namemax = 0;
    private int owner = 0;
    private String fstypename = "";
    private String mntonname = "";
    private String mntfromname = "";

    private Builder() {}

    private static Builder from(Statvfs v) {
      Builder b = new Builder();
      b.flag = v.flag;
      b.bsize = v.bsize;
      b.frsize = v.frsize;
      b.iosize = v.iosize;
      b.blocks = v.blocks;
      b.bfree = v.bfree;
      b.bavail = v.bavail;
      b.bresvd = v.bresvd;
      b.files = v.files;
      b.ffree = v.ffree;
      b.favail = v.favail;
      b.fresvd = v.fresvd;
      b.syncreads = v.syncreads;
      b.syncwrites = v.syncwrites;
      b.asyncreads = v.asyncreads;
      b.asyncwrites = v.asyncwrites;
      b.fsidx = v.fsidx;
      b.fsid = v.fsid;
      b.namemax = v.namemax;
      b.owner = v.owner;
      b.fstypename = v.fstypename;
      b.mntonname = v.mntonname;
      b.mntfromname = v.mntfromname;
      return b;
    }

    /** Sets flag. */
    public Builder flag(long flag) {
      this.flag = flag;
      return this;
    }

    /** Sets bsize. */
    public Builder bsize(long bsize) {
      this.bsize = bsize;
      return this;
    }

    /** Sets frsize. */
    public Builder frsize(long frsize) {
      this.frsize = frsize;
      return this;
    }

    /** Sets iosize. */
    public Builder iosize(long iosize) {
      this.iosize = iosize;
      return this;
    }

    /** Sets blocks. */
    public Builder blocks(long blocks) {
      this.blocks = blocks;
      return this;
    }

    /** Sets bfree. */
    public Builder bfree(long bfree) {
      this.bfree = bfree;
      return this;
    }

    /** Sets bavail. */
    public Builder bavail(long bavail) {
      this.bavail = bavail;
      return this;
    }

    /** Sets bresvd. */
    public Builder bresvd(long bresvd) {
      this.bresvd = bresvd;
      return this;
    }

    /** Sets files. */
    public Builder files(long files) {
      this.files = files;
      return this;
    }

    /** Sets ffree. */
    public Builder ffree(long ffree) {
      this.ffree = ffree;
      return this;
    }

    /** Sets favail. */
    public Builder favail(long favail) {
      this.favail = favail;
      return this;
    }

    /** Sets fresvd. */
    public Builder fresvd(long fresvd) {
      this.fresvd = fresvd;
      return this;
    }

    /** Sets syncreads. */
    public Builder syncreads(long syncreads) {
      this.syncreads = syncreads;
      return this;
    }

    /** Sets syncwrites. */
    public Builder syncwrites(long syncwrites) {
      this.syncwrites = syncwrites;
      return this;
    }

    /** Sets asyncreads. */
    public Builder asyncreads(long asyncreads) {
      this.asyncreads = asyncreads;
      return this;
    }

    /** Sets asyncwrites. */
    public Builder asyncwrites(long asyncwrites) {
      this.asyncwrites = asyncwrites;
      return this;
    }

    /** Sets fsidx. */
    public Builder fsidx(long fsidx) {
      this.fsidx = fsidx;
      return this;
    }

    /** Sets fsid. */
    public Builder fsid(long fsid) {
      this.fsid = fsid;
      return this;
    }

    /** Sets namemax. */
    public Builder namemax(long namemax) {
      this.namemax = namemax;
      return this;
    }

    /** Sets owner. */
    public Builder owner(int owner) {
      this.owner = owner;
      return this;
    }

    /** Sets fstypename. */
    public Builder fstypename(String fstypename) {
      this.fstypename = fstypename;
      return this;
    }

    /** Sets mntonname. */
    public Builder mntonname(String mntonname) {
      this.mntonname = mntonname;
      return this;
    }

    /** Sets mntfromname. */
    public Builder mntfromname(String mntfromname) {
      this.mntfromname = mntfromname;
      return this;
    }

    /** The finished value. */
    public Statvfs build() {
      return new Statvfs(flag, bsize, frsize, iosize, blocks, bfree, bavail, bresvd, files, ffree, favail, fresvd,
          syncreads, syncwrites, asyncreads, asyncwrites, fsidx, fsid, namemax, owner, fstypename, mntonname,
          mntfromname);
    }
  }
}
