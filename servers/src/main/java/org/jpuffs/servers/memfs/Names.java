package org.jpuffs.servers.memfs;

import java.nio.charset.StandardCharsets;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;

/** The rules for directory-entry names and symlink targets. */
final class Names {
  private Names() {}

  /** The longest symlink target: MAXPATHLEN without its NUL. */
  static final int SYMLINK_MAX = PuffsConstants.MAXPATHLEN - 1;

  /**
   * Checks a path component.
   *
   * @throws PuffsException EINVAL if it is empty or holds '/' or NUL (a component never does, so the caller is
   *     broken); ENAMETOOLONG if it is longer than NAME_MAX bytes in UTF-8
   */
  static void check(String name) {
    if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new PuffsException(Errno.EINVAL, "bad name component");
    }
    if (utf8Length(name) > PuffsConstants.NAME_MAX) {
      throw new PuffsException(Errno.ENAMETOOLONG);
    }
  }

  /**
   * Checks a symlink target.
   *
   * @throws PuffsException ENOENT if empty (Linux {@code symlink("")}); EINVAL if it holds NUL; ENAMETOOLONG beyond
   *     SYMLINK_MAX bytes
   */
  static void checkTarget(String target) {
    if (target.isEmpty()) {
      throw new PuffsException(Errno.ENOENT, "empty symlink target");
    }
    if (target.indexOf('\0') >= 0) {
      throw new PuffsException(Errno.EINVAL, "NUL in symlink target");
    }
    if (utf8Length(target) > SYMLINK_MAX) {
      throw new PuffsException(Errno.ENAMETOOLONG, "symlink target longer than " + SYMLINK_MAX + " bytes");
    }
  }

  /** {@code true} for "." and "..", which every directory has and no op may create or remove. */
  static boolean isDotOrDotDot(String name) {
    return name.equals(".") || name.equals("..");
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
