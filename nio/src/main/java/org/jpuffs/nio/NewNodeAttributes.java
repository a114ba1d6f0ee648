package org.jpuffs.nio;

import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * The vattr a CREATE, MKDIR or SYMLINK sends. Only {@code posix:permissions} may be given at creation, as on the
 * default file system; without it files get 0644 and directories 0755, what a umask of 022 leaves.
 */
final class NewNodeAttributes {

  private NewNodeAttributes() {}

  static Vattr of(VType type, int defaultMode, FileAttribute<?>... attrs) {
    int mode = defaultMode;
    for (FileAttribute<?> attr : attrs) {
      if (!attr.name().equals("posix:permissions") && !attr.name().equals("unix:permissions")) {
        throw new UnsupportedOperationException("'" + attr.name() + "' not supported as initial attribute");
      }
      mode = modeOf(permissions(attr.value()));
    }
    return Vattr.builder().type(type).mode(mode).build();
  }

  @SuppressWarnings("unchecked")
  private static Set<PosixFilePermission> permissions(Object value) {
    if (!(value instanceof Set<?> set) || !set.stream().allMatch(PosixFilePermission.class::isInstance)) {
      throw new ClassCastException("posix:permissions must be a Set<PosixFilePermission>, not " + value);
    }
    return (Set<PosixFilePermission>) set;
  }

  /** The permission bits of {@code permissions}. */
  static int modeOf(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 0400 >> p.ordinal();
    }
    return mode;
  }

  /** The permissions in mode bits {@code mode}. */
  static Set<PosixFilePermission> permissionsOf(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (0400 >> p.ordinal())) != 0) {
        set.add(p);
      }
    }
    return set;
  }
}
