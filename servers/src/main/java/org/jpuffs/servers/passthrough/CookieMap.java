package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/**
 * Cookie → current host path: what libpuffs' {@code PUFFS_FLAG_BUILDPATH} keeps per node, for a server whose cookies
 * are inode numbers.
 *
 * <p>Paths are learned from LOOKUP, the creates and READDIR, moved on RENAME ({@code puffs_path_prefixadj}) and
 * forgotten on REMOVE and RMDIR. A hard-linked inode may be known under a few names, so that removing one keeps the
 * node reachable. Nothing here is trusted blindly: {@link #resolve} stats each known path and uses it only if it still
 * holds that inode, so a change made behind the server's back makes an op fail with ESTALE instead of acting on
 * another file. A cookie never learned (after a restart, before the engine looked the node up again) is ESTALE too.
 */
final class CookieMap {

  /** How many names of one hard-linked inode are remembered. */
  private static final int MAX_NAMES = 8;

  private final Map<Long, Set<Path>> paths = new ConcurrentHashMap<>();
  private final HostPaths hostPaths;

  CookieMap(HostPaths hostPaths) {
    this.hostPaths = hostPaths;
  }

  /** Remembers that {@code node}'s inode is at its path. */
  void learn(HostNode node) {
    learn(node.attrs().ino(), node.path());
  }

  /** Remembers that inode {@code ino} is at {@code path}. */
  void learn(long ino, Path path) {
    Set<Path> names = paths.computeIfAbsent(ino, k -> new CopyOnWriteArraySet<>());
    if (names.size() >= MAX_NAMES && !names.contains(path)) {
      names.remove(names.iterator().next());
    }
    names.add(path);
  }

  /** {@code true} if {@code cookie} has a known path (it may still turn out stale). */
  boolean knows(Cookie cookie) {
    Set<Path> names = paths.get(cookie.value());
    return names != null && !names.isEmpty();
  }

  /** The paths known for {@code cookie}, oldest first. */
  List<Path> pathsOf(Cookie cookie) {
    Set<Path> names = paths.get(cookie.value());
    return names == null ? List.of() : List.copyOf(names);
  }

  /**
   * The node {@code cookie} names, as it is now.
   *
   * @throws PuffsException ESTALE if no known path holds that inode any more (or none was ever known)
   */
  HostNode resolve(Cookie cookie) {
    long ino = cookie.value();
    for (Path path : pathsOf(cookie)) {
      HostAttributes attrs;
      try {
        attrs = HostAttributes.read(path);
      } catch (IOException e) {
        forget(ino, path);
        continue;
      }
      if (attrs.ino() != ino) {
        forget(ino, path);
        continue;
      }
      if (!hostPaths.isRoot(path)) {
        hostPaths.checkNoLinks(path.getParent());
      }
      return new HostNode(path, attrs);
    }
    throw new PuffsException(Errno.ESTALE, "no node " + cookie + " (unknown or gone)");
  }

  /** Forgets that {@code ino} is at {@code path}. */
  void forget(long ino, Path path) {
    paths.computeIfPresent(ino, (k, names) -> {
      names.remove(path);
      return names.isEmpty() ? null : names;
    });
  }

  /**
   * A rename moved {@code from} to {@code to}: every known path at or below {@code from} moves along. Linear in the
   * number of known nodes, as {@code puffs_path_prefixadj} is.
   */
  void renamed(Path from, Path to) {
    for (Map.Entry<Long, Set<Path>> entry : paths.entrySet()) {
      for (Path path : entry.getValue()) {
        if (path.startsWith(from)) {
          Path moved = to.resolve(from.relativize(path));
          entry.getValue().remove(path);
          entry.getValue().add(moved);
        }
      }
    }
  }

  /** The number of inodes with a known path. */
  int size() {
    return paths.size();
  }
}
