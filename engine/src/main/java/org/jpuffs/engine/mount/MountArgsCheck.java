package org.jpuffs.engine.mount;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FhFlags;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;

/**
 * The argument checks and clean-ups of {@code puffs_vfsop_mount}, as a pure function: the same branches in the same
 * order, so that when several things are wrong the same errno wins. What the mount keeps afterwards is an
 * {@link Accepted}: the sanitized arguments (stored for {@code MNT_GETARGS}), the file-system type name and the
 * initial statvfs.
 */
public final class MountArgsCheck {
  private MountArgsCheck() {}

  /** The outcome of checking mount arguments. */
  public sealed interface Result {}

  /**
   * The arguments passed.
   *
   * @param args the sanitized arguments: fhsize forced for PASSTHROUGH, names cleaned, typename with the "puffs|"
   *     prefix, maxmsglen clamped
   * @param initialStatvfs the statvfs the mount reports until the server is asked ({@code f_iosize} = DEV_BSIZE)
   */
  public record Accepted(MountArgs args, Statvfs initialStatvfs) implements Result {
    /** The file-system type name, {@code "puffs|" + typename}. */
    public String fstype() {
      return args.typename();
    }
  }

  /**
   * The arguments failed.
   *
   * @param errno the errno {@code puffs_vfsop_mount} returns
   * @param reason what was wrong, for the log and the exception message
   */
  public record Rejected(Errno errno, String reason) implements Result {}

  /**
   * Checks {@code args} for a mount with {@code mountFlags} at {@code mountedOn}.
   *
   * @param serverPresent whether a server is there to attach to ({@code putter_attach}); checked where the kernel
   *     checks it, after the names and before the root
   */
  public static Result check(MountArgs args, int mountFlags, String mountedOn, boolean serverPresent) {
    Objects.requireNonNull(args, "args");
    if ((mountFlags & MountFlags.MNT_UPDATE) != 0) {
      return new Rejected(Errno.EOPNOTSUPP, "MNT_UPDATE is not supported");
    }
    if (args.version() != PuffsConstants.PUFFSVERSION) {
      return new Rejected(Errno.EINVAL,
          "version mismatch: engine " + PuffsConstants.PUFFSVERSION + ", server " + args.version());
    }
    if ((args.flags() & ~KFlags.MASK) != 0) {
      return new Rejected(Errno.EINVAL, "invalid KFLAGs 0x" + Integer.toHexString(args.flags()));
    }
    if ((args.fhflags() & ~FhFlags.MASK) != 0) {
      return new Rejected(Errno.EINVAL, "invalid FHFLAGs 0x" + Integer.toHexString(args.fhflags()));
    }
    for (int i = 0; i < args.spare().size(); i++) {
      if (args.spare().get(i) != 0) {
        return new Rejected(Errno.EINVAL, "pa_spare[" + i + "] = 0x" + Integer.toHexString(args.spare().get(i)));
      }
    }
    // PASSTHROUGH hands the kernel's whole struct fid to the server, so the size is the fid's.
    int fhsize = (args.fhflags() & FhFlags.PASSTHROUGH) != 0 ? PuffsConstants.FID_SIZE : args.fhsize();
    // pa_fhsize is a size_t in C; a negative Java int is the same nonsense as a huge one.
    if (fhsize < 0 || PuffsConstants.toFhSize(fhsize) > PuffsConstants.FHANDLE_SIZE_MAX) {
      return new Rejected(Errno.EINVAL, "handle size " + fhsize + " too large");
    }
    if (fhsize != 0 && (args.fhflags() & FhFlags.PROTOMASK) != 0) {
      int kernelSize = PuffsConstants.toFhSize(fhsize);
      if ((args.fhflags() & FhFlags.NFSV2) != 0 && kernelSize > PuffsConstants.NFSX_V2FH) {
        return new Rejected(Errno.EINVAL, "fhsize larger than NFSv2 max "
            + PuffsConstants.fromFhSize(PuffsConstants.NFSX_V2FH));
      }
      if ((args.fhflags() & FhFlags.NFSV3) != 0 && kernelSize > PuffsConstants.NFSX_V3FHMAX) {
        return new Rejected(Errno.EINVAL, "fhsize larger than NFSv3 max "
            + PuffsConstants.fromFhSize(PuffsConstants.NFSX_V3FHMAX));
      }
    }
    String typename = printable(args.typename(), PuffsConstants.VFS_NAMELEN);
    String mntfromname = printable(args.mntfromname(), PuffsConstants.VFS_MNAMELEN);
    String fstype = truncate(PuffsConstants.TYPE_PREFIX + typename, PuffsConstants.VFS_NAMELEN);
    int maxmsglen = clampMaxmsglen(args.maxmsglen());
    if (!serverPresent) {
      return new Rejected(Errno.ENOENT, "no server to attach to");
    }
    if (args.rootVtype() == null || args.rootVtype() == VType.VBAD) {
      return new Rejected(Errno.EINVAL, "root vtype " + args.rootVtype());
    }
    if (args.rootVsize() < 0) {
      return new Rejected(Errno.EINVAL, "root size " + args.rootVsize());
    }
    MountArgs sanitized = args.toBuilder().fhsize(fhsize).typename(fstype).mntfromname(mntfromname)
        .maxmsglen(maxmsglen).build();
    // Asking the server for statvfs while it is still inside mount would deadlock, so the arguments' copy is used.
    Statvfs initial = args.svfsb().toBuilder().iosize(PuffsConstants.DEV_BSIZE).fstypename(fstype)
        .mntfromname(mntfromname).mntonname(truncate(mountedOn, PuffsConstants.VFS_MNAMELEN))
        .flag(args.svfsb().flag() & ~MountFlags.MNT_LOCAL).build();
    return new Accepted(sanitized, initial);
  }

  /** {@code pa_maxmsglen}: 0 or too big becomes the maximum; too small becomes 2 × PUFFS_MSGSTRUCT_MAX. */
  static int clampMaxmsglen(int requested) {
    if (requested <= 0 || requested > PuffsConstants.PUFFS_MSG_MAXSIZE) {
      // A negative request is a huge size_t in C and clamps the same way.
      return PuffsConstants.PUFFS_MSG_MAXSIZE;
    }
    return Math.max(requested, 2 * PuffsConstants.PUFFS_MSGSTRUCT_MAX);
  }

  /**
   * The kernel's clean-up of a name buffer: the C string ends at its first NUL and at {@code buffer - 1} bytes, and
   * every byte outside {@code ' '..'~'} becomes '.'. Done on UTF-8 bytes, so "ü" becomes "..", as in NetBSD.
   */
  static String printable(String name, int buffer) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    int length = 0;
    while (length < bytes.length && length < buffer - 1 && bytes[length] != 0) {
      length++;
    }
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      int b = bytes[i] & 0xff;
      out[i] = b < ' ' || b > '~' ? '.' : (char) b;
    }
    return new String(out);
  }

  /** {@code strlcpy} into a buffer of {@code buffer} bytes, for strings that are already printable ASCII. */
  private static String truncate(String ascii, int buffer) {
    return ascii.length() < buffer ? ascii : ascii.substring(0, buffer - 1);
  }
}
