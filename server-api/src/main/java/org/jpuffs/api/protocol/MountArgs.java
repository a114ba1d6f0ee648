package org.jpuffs.api.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The mount arguments ({@code struct puffs_kargs}, PUFFSVERSION 30) with which a server is mounted. The engine
 * validates and sanitizes them exactly as {@code puffs_vfsop_mount} does, and returns them for {@code MNT_GETARGS}.
 * {@code pa_fd} has no counterpart: the server is an actor reference passed beside the arguments.
 *
 * @param version protocol version; must be {@link PuffsConstants#PUFFSVERSION}
 * @param flags {@link KFlags} bits
 * @param maxmsglen largest message; 0 = {@link PuffsConstants#PUFFS_MSG_MAXSIZE} (the engine clamps it)
 * @param nhashbuckets cookie hash size (obsolete since vcache; kept for the record)
 * @param fhsize file-handle size; 0 = no file handles
 * @param fhflags {@link FhFlags} bits
 * @param vnopmask the vnode ops the server implements
 * @param typename file-system type name (the engine prefixes {@code "puffs|"})
 * @param mntfromname what is mounted
 * @param rootCookie the root node's cookie
 * @param rootVtype the root node's type
 * @param rootVsize the root node's size
 * @param rootRdev the root node's device
 * @param svfsb the initial statvfs (asking the server while mounting would deadlock)
 * @param time32 the server uses 32-bit times (kept for the record; Java has none)
 * @param spare {@code pa_spare}: must be all zero
 */
public record MountArgs(int version, int flags, int maxmsglen, int nhashbuckets, int fhsize, int fhflags,
    OpMask vnopmask, String typename, String mntfromname, Cookie rootCookie, VType rootVtype, long rootVsize,
    long rootRdev, Statvfs svfsb, boolean time32, List<Integer> spare) implements PuffsSerializable {

  /** The number of {@code pa_spare} words in the C struct. */
  public static final int SPARE_WORDS = 127;

  public MountArgs {
    Objects.requireNonNull(vnopmask, "vnopmask");
    Objects.requireNonNull(typename, "typename");
    Objects.requireNonNull(mntfromname, "mntfromname");
    Objects.requireNonNull(rootCookie, "rootCookie");
    Objects.requireNonNull(rootVtype, "rootVtype");
    Objects.requireNonNull(svfsb, "svfsb");
    spare = List.copyOf(spare);
  }

  /** {@code true} if every spare word is zero. */
  public boolean spareIsZero() {
    return spare.stream().allMatch(word -> word == 0);
  }

  /** A builder with every field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return Builder.from(this);
  }

  /** Builds a {@link MountArgs} field by field; fields not set keep their defaults. */
  public static final class Builder {
    private int version = PuffsConstants.PUFFSVERSION;
    private int flags = 0;
    private int maxmsglen = 0;
    private int nhashbuckets = 0;
    private int fhsize = 0;
    private int fhflags = 0;
    private OpMask vnopmask = OpMask.NONE;
    private String typename = "";
    private String mntfromname = "";
    private Cookie rootCookie = Cookie.NONE;
    private VType rootVtype = VType.VDIR;
    private long rootVsize = 0;
    private long rootRdev = 0;
    private Statvfs svfsb = Statvfs.ZERO;
    private boolean time32 = false;
    private List<Integer> spare = List.of();

    private Builder() {}

    private static Builder from(MountArgs v) {
      Builder b = new Builder();
      b.version = v.version;
      b.flags = v.flags;
      b.maxmsglen = v.maxmsglen;
      b.nhashbuckets = v.nhashbuckets;
      b.fhsize = v.fhsize;
      b.fhflags = v.fhflags;
      b.vnopmask = v.vnopmask;
      b.typename = v.typename;
      b.mntfromname = v.mntfromname;
      b.rootCookie = v.rootCookie;
      b.rootVtype = v.rootVtype;
      b.rootVsize = v.rootVsize;
      b.rootRdev = v.rootRdev;
      b.svfsb = v.svfsb;
      b.time32 = v.time32;
      b.spare = v.spare;
      return b;
    }

    /** Sets version. */
    public Builder version(int version) {
      this.version = version;
      return this;
    }

    /** Sets flags. */
    public Builder flags(int flags) {
      this.flags = flags;
      return this;
    }

    /** Sets maxmsglen. */
    public Builder maxmsglen(int maxmsglen) {
      this.maxmsglen = maxmsglen;
      return this;
    }

    /** Sets nhashbuckets. */
    public Builder nhashbuckets(int nhashbuckets) {
      this.nhashbuckets = nhashbuckets;
      return this;
    }

    /** Sets fhsize. */
    public Builder fhsize(int fhsize) {
      this.fhsize = fhsize;
      return this;
    }

    /** Sets fhflags. */
    public Builder fhflags(int fhflags) {
      this.fhflags = fhflags;
      return this;
    }

    /** Sets vnopmask. */
    public Builder vnopmask(OpMask vnopmask) {
      this.vnopmask = vnopmask;
      return this;
    }

    /** Sets typename. */
    public Builder typename(String typename) {
      this.typename = typename;
      return this;
    }

    /** Sets mntfromname. */
    public Builder mntfromname(String mntfromname) {
      this.mntfromname = mntfromname;
      return this;
    }

    /** Sets rootCookie. */
    public Builder rootCookie(Cookie rootCookie) {
      this.rootCookie = rootCookie;
      return this;
    }

    /** Sets rootVtype. */
    public Builder rootVtype(VType rootVtype) {
      this.rootVtype = rootVtype;
      return this;
    }

    /** Sets rootVsize. */
    public Builder rootVsize(long rootVsize) {
      this.rootVsize = rootVsize;
      return this;
    }

    /** Sets rootRdev. */
    public Builder rootRdev(long rootRdev) {
      this.rootRdev = rootRdev;
      return this;
    }

    /** Sets svfsb. */
    public Builder svfsb(Statvfs svfsb) {
      this.svfsb = svfsb;
      return this;
    }

    /** Sets time32. */
    public Builder time32(boolean time32) {
      this.time32 = time32;
      return this;
    }

    /** Sets spare. */
    public Builder spare(List<Integer> spare) {
      this.spare = spare;
      return this;
    }

    /** The finished value. */
    public MountArgs build() {
      return new MountArgs(version, flags, maxmsglen, nhashbuckets, fhsize, fhflags, vnopmask, typename, mntfromname,
          rootCookie, rootVtype, rootVsize, rootRdev, svfsb, time32, spare);
    }
  }
}
