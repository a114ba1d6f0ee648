package org.jpuffs.servers.model;

/**
 * Where a server may legitimately answer differently from the POSIX rules {@link ModelFs} follows by default, each
 * for a reason of the host it stands on (see the {@code supportsX()} hooks of {@link ServerModelTest}).
 *
 * @param symlinkModes a symbolic link's mode can be set (NetBSD's {@code lchmod}); without it such a chmod is
 *     EOPNOTSUPP, as Linux has no {@code lchmod}
 * @param directoryLinkCounts a directory's link count is 2 plus its subdirectories; without it directory link counts
 *     are not compared (btrfs, for one, reports 1)
 */
public record HostSemantics(boolean symlinkModes, boolean directoryLinkCounts) {
  /** Everything POSIX (and NetBSD) says: what memfs does. */
  public static final HostSemantics POSIX = new HostSemantics(true, true);
}
