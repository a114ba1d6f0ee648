package org.jpuffs.api.server;

import java.util.Objects;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.PuffsSerializable;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;

/**
 * How a server describes its mount ({@code puffs_init} + {@code puffs_setrootinfo} + {@code puffs_setfhsize} +
 * {@code puffs_mount}'s root cookie). The engine combines it with the client's mount request into {@link MountArgs}
 * and validates the result as {@code puffs_vfsop_mount} does.
 *
 * @param typeName the file-system type name (the engine prefixes "puffs|" and cleans it)
 * @param mntFromName what is mounted, for statvfs and mount listings
 * @param rootCookie the root node's cookie; must not be NONE
 * @param rootVtype the root node's type (normally VDIR)
 * @param rootSize the root node's size
 * @param rootRdev the root node's device
 * @param kflags KFlags the server needs (e.g. CACHE_FS_TTL when it returns TTLs)
 * @param fhSize its file-handle size, 0 = no file handles
 * @param fhFlags FhFlags of its handles
 * @param maxMsgLen the largest message it accepts, 0 = the maximum
 * @param statvfs the initial statvfs
 * @param recoveryMode how a crashed server is brought back
 * @param opMask the ops it implements: leave it NONE and ServerRuntime derives it from the methods the server overrides; a
 *     decorator names its inner server's (see {@link ServerRuntime#declaredOpMask})
 */
public record MountSpec(String typeName, String mntFromName, Cookie rootCookie, VType rootVtype, long rootSize,
    long rootRdev, int kflags, int fhSize, int fhFlags, int maxMsgLen, Statvfs statvfs, RecoveryMode recoveryMode,
    OpMask opMask) implements PuffsSerializable {

  public MountSpec {
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(mntFromName, "mntFromName");
    Objects.requireNonNull(rootCookie, "rootCookie");
    Objects.requireNonNull(rootVtype, "rootVtype");
    Objects.requireNonNull(statvfs, "statvfs");
    Objects.requireNonNull(recoveryMode, "recoveryMode");
    Objects.requireNonNull(opMask, "opMask");
  }

  /** This spec with another op mask. */
  public MountSpec withOpMask(OpMask opMask) {
    return toBuilder().opMask(opMask).build();
  }

  /** A builder with every field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return Builder.from(this);
  }

  /** Builds a {@link MountSpec} field by field; fields not set keep their defaults. */
  public static final class Builder {
    private String typeName = "";
    private String mntFromName = "";
    private Cookie rootCookie = Cookie.NONE;
    private VType rootVtype = VType.VDIR;
    private long rootSize = 0;
    private long rootRdev = 0;
    private int kflags = 0;
    private int fhSize = 0;
    private int fhFlags = 0;
    private int maxMsgLen = 0;
    private Statvfs statvfs = Statvfs.ZERO;
    private RecoveryMode recoveryMode = RecoveryMode.REPLAY;
    private OpMask opMask = OpMask.NONE;

    private Builder() {}

    private static Builder from(MountSpec v) {
      Builder b = new Builder();
      b.typeName = v.typeName;
      b.mntFromName = v.mntFromName;
      b.rootCookie = v.rootCookie;
      b.rootVtype = v.rootVtype;
      b.rootSize = v.rootSize;
      b.rootRdev = v.rootRdev;
      b.kflags = v.kflags;
      b.fhSize = v.fhSize;
      b.fhFlags = v.fhFlags;
      b.maxMsgLen = v.maxMsgLen;
      b.statvfs = v.statvfs;
      b.recoveryMode = v.recoveryMode;
      b.opMask = v.opMask;
      return b;
    }

    /** Sets typeName. */
    public Builder typeName(String typeName) {
      this.typeName = typeName;
      return this;
    }

    /** Sets mntFromName. */
    public Builder mntFromName(String mntFromName) {
      this.mntFromName = mntFromName;
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

    /** Sets rootSize. */
    public Builder rootSize(long rootSize) {
      this.rootSize = rootSize;
      return this;
    }

    /** Sets rootRdev. */
    public Builder rootRdev(long rootRdev) {
      this.rootRdev = rootRdev;
      return this;
    }

    /** Sets kflags. */
    public Builder kflags(int kflags) {
      this.kflags = kflags;
      return this;
    }

    /** Sets fhSize. */
    public Builder fhSize(int fhSize) {
      this.fhSize = fhSize;
      return this;
    }

    /** Sets fhFlags. */
    public Builder fhFlags(int fhFlags) {
      this.fhFlags = fhFlags;
      return this;
    }

    /** Sets maxMsgLen. */
    public Builder maxMsgLen(int maxMsgLen) {
      this.maxMsgLen = maxMsgLen;
      return this;
    }

    /** Sets statvfs. */
    public Builder statvfs(Statvfs statvfs) {
      this.statvfs = statvfs;
      return this;
    }

    /** Sets recoveryMode. */
    public Builder recoveryMode(RecoveryMode recoveryMode) {
      this.recoveryMode = recoveryMode;
      return this;
    }

    /** Sets opMask. */
    public Builder opMask(OpMask opMask) {
      this.opMask = opMask;
      return this;
    }

    /** The finished value. */
    public MountSpec build() {
      return new MountSpec(typeName, mntFromName, rootCookie, rootVtype, rootSize, rootRdev, kflags, fhSize, fhFlags,
          maxMsgLen, statvfs, recoveryMode, opMask);
    }
  }
}
