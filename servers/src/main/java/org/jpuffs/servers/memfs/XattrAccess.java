package org.jpuffs.servers.memfs;

import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;

/**
 * Who may read and write which extended attributes, by namespace: USER as the file's read and write permission says
 * (on regular files and directories only, as on Linux), SYSTEM and TRUSTED the superuser only, SECURITY readable by
 * all and writable by the superuser. The caller holds the node's monitor.
 */
final class XattrAccess {
  private XattrAccess() {}

  /**
   * @throws PuffsException EINVAL for an unknown namespace or an empty name; ENAMETOOLONG beyond 255 bytes
   */
  static void checkName(int attrNamespace, String name) {
    checkNamespace(attrNamespace);
    if (name.isEmpty()) {
      throw new PuffsException(Errno.EINVAL, "empty attribute name");
    }
    if (Names.utf8Length(name) > PuffsConstants.NAME_MAX) {
      throw new PuffsException(Errno.ENAMETOOLONG, "attribute name over " + PuffsConstants.NAME_MAX + " bytes");
    }
  }

  /**
   * @throws PuffsException EINVAL for an unknown namespace
   */
  static void checkNamespace(int attrNamespace) {
    if (!ExtattrNamespace.isValid(attrNamespace)) {
      throw new PuffsException(Errno.EINVAL, "no extattr namespace " + attrNamespace);
    }
  }

  /**
   * Whether {@code cred} may read attributes of {@code attrNamespace} on {@code n}.
   *
   * @return {@code false} for user attributes on what is neither file nor directory: there are none (Linux answers
   *     ENODATA to a get and an empty list)
   * @throws PuffsException EPERM for SYSTEM and TRUSTED unless superuser; EACCES for USER without read permission
   */
  static boolean readable(Cred cred, Node n, int attrNamespace) {
    switch (attrNamespace) {
      case ExtattrNamespace.SYSTEM:
      case ExtattrNamespace.TRUSTED:
        requireSuperuser(cred);
        return true;
      case ExtattrNamespace.SECURITY:
        return true;
      default:
        if (!holdsUserAttributes(n)) {
          return false;
        }
        n.checkAccess(cred, AccessMode.VREAD);
        return true;
    }
  }

  /**
   * @throws PuffsException EPERM for SYSTEM, TRUSTED and SECURITY unless superuser, and for USER on what is neither
   *     file nor directory; EACCES for USER without write permission
   */
  static void checkWritable(Cred cred, Node n, int attrNamespace) {
    if (attrNamespace != ExtattrNamespace.USER) {
      requireSuperuser(cred);
      return;
    }
    if (!holdsUserAttributes(n)) {
      throw new PuffsException(Errno.EPERM, "user attributes only on files and directories");
    }
    n.checkAccess(cred, AccessMode.VWRITE);
  }

  private static boolean holdsUserAttributes(Node n) {
    return n.type == VType.VREG || n.type == VType.VDIR;
  }

  private static void requireSuperuser(Cred cred) {
    if (!cred.isSuperuser()) {
      throw new PuffsException(Errno.EPERM, "superuser only");
    }
  }
}
