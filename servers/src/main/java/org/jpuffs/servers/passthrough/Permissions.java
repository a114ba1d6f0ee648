package org.jpuffs.servers.passthrough;

import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/**
 * The caller's permission checks, done by the server itself because it usually runs as root and the host would let
 * it do anything ({@code genfs_can_access} and {@code genfs_can_sticky} of NetBSD, with Linux's root rules).
 *
 * <p>The owner, group or other bits apply, whichever class the caller is in first. The superuser (uid 0, or the
 * kernel's FSCRED) passes every check, except that executing a regular file still needs one execute bit. NOCRED is
 * treated as a stranger who owns nothing and is in no group.
 */
final class Permissions {

  private Permissions() {}

  /**
   * Checks that {@code cred} may use {@code attrs}'s node for {@code want}.
   *
   * @param want {@link AccessMode} bits
   * @throws PuffsException EACCES if not
   */
  static void check(Cred cred, HostAttributes attrs, int want) {
    if (!allows(cred, attrs, want)) {
      throw new PuffsException(Errno.EACCES);
    }
  }

  /** {@code true} if {@code cred} may use the node for {@code want} ({@link AccessMode} bits). */
  static boolean allows(Cred cred, HostAttributes attrs, int want) {
    int perms = attrs.permissions();
    if (cred.isSuperuser()) {
      return (want & AccessMode.VEXEC) == 0 || attrs.isDirectory() || (perms & 0111) != 0;
    }
    int shift;
    if (isOwner(cred, attrs)) {
      shift = 6;
    } else if (cred.inGroup(attrs.gid())) {
      shift = 3;
    } else {
      shift = 0;
    }
    // VREAD/VWRITE/VEXEC are 0400/0200/0100: the owner bits, so shift the granted class up to meet them.
    int granted = ((perms >> shift) & 07) << 6;
    return (want & ~granted & (AccessMode.VREAD | AccessMode.VWRITE | AccessMode.VEXEC)) == 0;
  }

  /** {@code true} if {@code cred} is a user who owns the node. */
  static boolean isOwner(Cred cred, HostAttributes attrs) {
    return cred.kind() == Cred.Kind.USER && cred.uid() == attrs.uid();
  }

  /** {@code true} if {@code cred} owns the node or is the superuser: who may chmod, set times, and so on. */
  static boolean isOwnerOrSuperuser(Cred cred, HostAttributes attrs) {
    return cred.isSuperuser() || isOwner(cred, attrs);
  }

  /** Search permission on a directory that a name is resolved in. */
  static void checkSearch(Cred cred, HostAttributes dir) {
    check(cred, dir, AccessMode.VEXEC);
  }

  /** What adding or removing an entry of {@code dir} needs: write and search permission on it. */
  static void checkModifyEntries(Cred cred, HostAttributes dir) {
    check(cred, dir, AccessMode.VWRITE | AccessMode.VEXEC);
  }

  /**
   * The sticky-directory rule ({@code genfs_can_sticky}): in a directory with {@code S_ISVTX}, only the owner of an
   * entry, the owner of the directory and the superuser may remove or rename the entry.
   *
   * @throws PuffsException EPERM if the caller may not
   */
  static void checkSticky(Cred cred, HostAttributes dir, HostAttributes entry) {
    if ((dir.mode() & HostAttributes.S_ISVTX) == 0 || cred.isSuperuser()) {
      return;
    }
    if (isOwner(cred, dir) || isOwner(cred, entry)) {
      return;
    }
    throw new PuffsException(Errno.EPERM, "sticky directory");
  }
}
