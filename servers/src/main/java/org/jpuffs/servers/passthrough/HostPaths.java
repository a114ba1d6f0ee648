package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;

/**
 * Safe name resolution below the served root: the rules that keep a passthrough server inside its directory.
 *
 * <ul>
 *   <li>A name is one component: {@code ""}, a {@code '/'} or a NUL in it is EINVAL, more than {@code NAME_MAX}
 *       bytes is ENAMETOOLONG.
 *   <li>A child path is always {@code dir.resolve(name)} of a validated name, and is checked with
 *       {@code normalize().startsWith(root)} anyway.
 *   <li>{@code ".."} of the root is the root.
 *   <li>The server never follows a symbolic link while resolving: the final component is always used with
 *       {@code NOFOLLOW_LINKS}, and {@link #checkNoLinks} proves that no directory on the way became a link behind
 *       the server's back. Clients resolve symbolic links themselves (puffs' READLINK).
 * </ul>
 */
final class HostPaths {

  private final Path root;

  /**
   * @param root the served directory; resolved to its real path once, so every path built from it is real too
   * @throws IOException if it cannot be resolved
   * @throws IllegalArgumentException if it is not a directory
   */
  HostPaths(Path root) throws IOException {
    this.root = root.toRealPath();
    if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("not a directory: " + root);
    }
  }

  /** The served directory, as a real path. */
  Path root() {
    return root;
  }

  /** {@code true} if {@code path} is the served directory. */
  boolean isRoot(Path path) {
    return path.equals(root);
  }

  /**
   * Checks that {@code name} is a single path component.
   *
   * @param name what the client sent
   * @return the name
   * @throws PuffsException EINVAL for {@code ""}, a {@code '/'} or a NUL; ENAMETOOLONG above {@code NAME_MAX} bytes
   */
  static String checkName(String name) {
    if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new PuffsException(Errno.EINVAL, "not a path component: " + printable(name));
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > PuffsConstants.NAME_MAX) {
      throw new PuffsException(Errno.ENAMETOOLONG);
    }
    return name;
  }

  /** {@code true} for {@code "."} and {@code ".."}, which name no entry of their own. */
  static boolean isDot(String name) {
    return name.equals(".") || name.equals("..");
  }

  /**
   * The path of entry {@code name} of directory {@code dir}.
   *
   * @param dir a directory path of this server (below the root)
   * @param name the entry; not {@code "."} or {@code ".."}
   * @throws PuffsException EINVAL for a bad name or a dot name, EXDEV if the result would leave the root
   */
  Path child(Path dir, String name) {
    checkName(name);
    if (isDot(name)) {
      throw new PuffsException(Errno.EINVAL, "no entry called " + name);
    }
    Path child = dir.resolve(name);
    checkInside(child);
    if (!dir.equals(child.getParent())) {
      throw new PuffsException(Errno.EINVAL, "not a path component: " + printable(name));
    }
    return child;
  }

  /** The directory {@code ".."} of {@code dir} names: its parent, or the root for the root. */
  Path parent(Path dir) {
    if (isRoot(dir)) {
      return root;
    }
    Path parent = dir.getParent();
    checkInside(parent);
    return parent;
  }

  /**
   * @throws PuffsException EXDEV if {@code path} is not the root or below it (the errno a bind mount gives for
   *     crossing its edge)
   */
  void checkInside(Path path) {
    if (path == null || !path.normalize().startsWith(root)) {
      throw new PuffsException(Errno.EXDEV, "outside the served directory");
    }
  }

  /**
   * Proves that no component of directory path {@code dir} is a symbolic link: since every path this server builds
   * starts at the real root and adds real names, its real path is itself unless the host replaced a directory on the
   * way by a link.
   *
   * @throws PuffsException ESTALE if one did (the node the client knows is not where the server left it)
   */
  void checkNoLinks(Path dir) {
    if (isRoot(dir)) {
      return;
    }
    try {
      if (!dir.toRealPath().equals(dir)) {
        throw new PuffsException(Errno.ESTALE, "a directory on the way became a symbolic link");
      }
    } catch (IOException e) {
      throw new PuffsException(Errno.ESTALE, "the path is gone: " + e.getMessage(), e);
    }
  }

  private static String printable(String name) {
    return name.replace("\0", "\\0");
  }
}
