package org.jpuffs.servers.memfs;

import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * One SETATTR: which fields change, checked against the node and the caller before any of them is applied, so a
 * refused SETATTR changes nothing.
 */
final class SetattrRequest {
  private final Vattr va;

  private SetattrRequest(Vattr va) {
    this.va = va;
  }

  /**
   * The change {@code va} asks for.
   *
   * @throws PuffsException EINVAL if it sets a field no one may set (type, nlink, fsid, fileid, blocksize, gen, rdev,
   *     bytes, filerev), as NetBSD's ufs and tmpfs refuse them; EOPNOTSUPP for file flags
   */
  static SetattrRequest of(Vattr va) {
    if (va.type() != VType.VNON || va.nlink() != Vattr.VNOVAL || va.fsid() != Vattr.VNOVAL
        || va.fileid() != Vattr.VNOVAL || va.blocksize() != Vattr.VNOVAL || va.gen() != Vattr.VNOVAL
        || va.rdev() != Vattr.VNOVAL || va.bytes() != Vattr.VNOVAL || va.filerev() != Vattr.VNOVAL) {
      throw new PuffsException(Errno.EINVAL, "SETATTR of a read-only attribute");
    }
    if (va.flags() != Vattr.VNOVAL) {
      throw new PuffsException(Errno.EOPNOTSUPP, "memfs has no file flags");
    }
    if (va.size() != Vattr.VNOVAL && va.size() < 0) {
      throw new PuffsException(Errno.EINVAL, "negative size");
    }
    return new SetattrRequest(va);
  }

  /**
   * Checks and applies the change; called holding {@code n}'s monitor.
   *
   * @throws PuffsException EPERM (chown, chmod, explicit times by a non-owner), EACCES (times set to now without
   *     write permission), EISDIR (size of a directory), EINVAL (size of another non-regular file)
   */
  void apply(Node n, Cred cred, Timespec now, Capacity capacity) {
    int uid = n.uid();
    int gid = n.gid();
    int newUid = va.uid();
    int newGid = va.gid();
    boolean chown = newUid != (int) Vattr.VNOVAL || newGid != (int) Vattr.VNOVAL;
    if (chown) {
      Permissions.checkChown(cred, uid, gid, newUid, newGid);
    }
    int finalUid = newUid != (int) Vattr.VNOVAL ? newUid : uid;
    int finalGid = newGid != (int) Vattr.VNOVAL ? newGid : gid;
    int mode = n.mode();
    if (va.mode() != (int) Vattr.VNOVAL) {
      mode = Permissions.checkChmod(cred, uid, finalGid, n.type, va.mode());
    } else if (chown && !cred.isSuperuser() && !n.isDir()) {
      // Linux and POSIX: a chown by an ordinary user must not hand out set-ID programs
      mode &= ~(Permissions.S_ISUID | Permissions.S_ISGID);
    }
    boolean anyTime = changes(va.atime()) || changes(va.mtime()) || changes(va.ctime()) || changes(va.birthtime());
    if (anyTime) {
      boolean utimesNull = va.vaflags() != (int) Vattr.VNOVAL && (va.vaflags() & Vattr.VA_UTIMES_NULL) != 0;
      boolean explicit = !utimesNull && (explicit(va.atime()) || explicit(va.mtime()) || explicit(va.ctime())
          || explicit(va.birthtime()));
      Permissions.checkTimes(cred, n.mode(), uid, gid, n.type, explicit);
    }
    boolean resize = va.size() != Vattr.VNOVAL;
    if (resize) {
      if (n.isDir()) {
        throw new PuffsException(Errno.EISDIR, "SETATTR size of a directory");
      }
      if (n.type != VType.VREG) {
        throw new PuffsException(Errno.EINVAL, "SETATTR size of a " + n.type);
      }
    }
    if (!chown && va.mode() == (int) Vattr.VNOVAL && !anyTime && !resize) {
      return;
    }

    // everything is allowed: apply
    Timespec atime = n.atime();
    Timespec mtime = n.mtime();
    if (resize && va.size() != n.data.size()) {
      capacity.reserveBytes(n.data.truncate(va.size()));
      mtime = now;
      if (cred.kind() == Cred.Kind.USER && !cred.isSuperuser()) {
        mode = dropSetId(mode);
      }
    }
    n.setOwner(finalUid, finalGid);
    n.setMode(mode);
    atime = pick(va.atime(), atime, now);
    mtime = pick(va.mtime(), mtime, now);
    Timespec birthtime = pick(va.birthtime(), n.birthtime(), now);
    Timespec ctime = explicit(va.ctime()) ? va.ctime() : now;
    n.setTimes(atime, mtime, ctime, birthtime);
  }

  /** After a write by an ordinary user: clear set-user-ID, and set-group-ID if group-executable. */
  static void dropSetIdAfterWrite(Node n, Cred cred) {
    if (cred.kind() == Cred.Kind.USER && !cred.isSuperuser()) {
      int mode = n.mode();
      int dropped = dropSetId(mode);
      if (dropped != mode) {
        n.setMode(dropped);
      }
    }
  }

  private static int dropSetId(int mode) {
    int out = mode & ~Permissions.S_ISUID;
    // set-group-ID without group execute marks mandatory locking, not a set-ID program
    if ((mode & 0010) != 0) {
      out &= ~Permissions.S_ISGID;
    }
    return out;
  }

  /** {@code true} if the field asks for a change (a value or NOW, not VNOVAL or OMIT). */
  private static boolean changes(Timespec t) {
    return t.isSet();
  }

  private static boolean explicit(Timespec t) {
    return t.isSet() && !t.isNow();
  }

  private static Timespec pick(Timespec requested, Timespec current, Timespec now) {
    if (!requested.isSet()) {
      return current;
    }
    return requested.isNow() ? now : requested;
  }
}
