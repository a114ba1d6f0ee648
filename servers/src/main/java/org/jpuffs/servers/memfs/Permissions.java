package org.jpuffs.servers.memfs;

import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;

/**
 * POSIX permission rules on one node's owner, group and mode, as {@code puffs_access} and its chmod/chown/times
 * siblings in libpuffs apply them (and Linux's {@code generic_permission}, where the two differ and FUSE needs Linux).
 * Pure functions: the caller passes a consistent view of the node.
 */
final class Permissions {
  private Permissions() {}

  static final int S_ISUID = 04000;
  static final int S_ISGID = 02000;
  static final int S_ISVTX = 01000;
  private static final int ANY_EXEC = 0111;

  /**
   * {@code true} if {@code cred} may use a node with {@code mode}, {@code uid}, {@code gid} and {@code type} as
   * {@code want} (AccessMode bits) says. The superuser and FSCRED pass, except that executing a non-directory needs
   * some x bit (so root cannot run a data file). NOCRED is nobody: it gets the "other" bits.
   */
  static boolean allows(Cred cred, int mode, int uid, int gid, VType type, int want) {
    if (cred.isSuperuser()) {
      return (want & AccessMode.VEXEC) == 0 || type == VType.VDIR || (mode & ANY_EXEC) != 0;
    }
    int bits;
    if (cred.kind() == Cred.Kind.USER && cred.uid() == uid) {
      bits = mode >> 6;
    } else if (cred.inGroup(gid)) {
      bits = mode >> 3;
    } else {
      bits = mode;
    }
    int needed = (want >> 6) & 7;
    return (bits & needed) == needed;
  }

  /** {@code true} if {@code cred} owns a node of {@code uid} or is the superuser: who may chmod, utimes, chown. */
  static boolean ownerOrSuperuser(Cred cred, int uid) {
    return cred.isSuperuser() || (cred.kind() == Cred.Kind.USER && cred.uid() == uid);
  }

  /**
   * The sticky-directory rule ({@code S_ISVTX}): in a sticky directory only the file's owner, the directory's owner
   * or the superuser may remove or rename an entry.
   *
   * @throws PuffsException EPERM if {@code cred} is none of them
   */
  static void checkSticky(Cred cred, int dirMode, int dirUid, int victimUid) {
    if ((dirMode & S_ISVTX) == 0 || cred.isSuperuser()) {
      return;
    }
    if (cred.kind() == Cred.Kind.USER && (cred.uid() == dirUid || cred.uid() == victimUid)) {
      return;
    }
    throw new PuffsException(Errno.EPERM, "sticky directory");
  }

  /**
   * The chown rules ({@code puffs_access_chown}, POSIX {@code _POSIX_CHOWN_RESTRICTED}): only the superuser gives a
   * file away; the owner may change its group to one of its own groups.
   *
   * @param newUid the requested owner, or -1 to keep
   * @param newGid the requested group, or -1 to keep
   * @throws PuffsException EPERM otherwise
   */
  static void checkChown(Cred cred, int uid, int gid, int newUid, int newGid) {
    if (cred.isSuperuser()) {
      return;
    }
    boolean owner = cred.kind() == Cred.Kind.USER && cred.uid() == uid;
    if (newUid != -1 && newUid != uid) {
      throw new PuffsException(Errno.EPERM, "only the superuser changes a file's owner");
    }
    if (newGid != -1 && newGid != gid && !(owner && cred.inGroup(newGid))) {
      throw new PuffsException(Errno.EPERM, "the owner may only pick one of its own groups");
    }
    if (!owner && (newUid != -1 || newGid != -1)) {
      throw new PuffsException(Errno.EPERM, "not the owner");
    }
  }

  /**
   * The chmod rules ({@code puffs_access_chmod}): the owner or the superuser. A non-member setting set-group-ID on a
   * non-directory loses that bit silently (Linux), rather than failing (NetBSD's EPERM), because FUSE clients expect
   * Linux.
   *
   * @return the mode to store
   * @throws PuffsException EPERM if {@code cred} is neither owner nor superuser
   */
  static int checkChmod(Cred cred, int uid, int gid, VType type, int newMode) {
    if (!ownerOrSuperuser(cred, uid)) {
      throw new PuffsException(Errno.EPERM, "only the owner changes the mode");
    }
    int mode = newMode & 07777;
    if (!cred.isSuperuser() && type != VType.VDIR && !cred.inGroup(gid)) {
      mode &= ~S_ISGID;
    }
    return mode;
  }

  /**
   * The utimes rules ({@code puffs_access_times}, Linux {@code utimensat}): setting explicit times needs the owner or
   * the superuser; setting them to "now" is also allowed to anyone who may write the file.
   *
   * @param explicit at least one time is an explicit value (not NOW)
   * @throws PuffsException EPERM for explicit times by others; EACCES for "now" without write permission
   */
  static void checkTimes(Cred cred, int mode, int uid, int gid, VType type, boolean explicit) {
    if (ownerOrSuperuser(cred, uid)) {
      return;
    }
    if (explicit) {
      throw new PuffsException(Errno.EPERM, "only the owner sets explicit times");
    }
    if (!allows(cred, mode, uid, gid, type, AccessMode.VWRITE)) {
      throw new PuffsException(Errno.EACCES, "setting times to now needs write permission");
    }
  }
}
