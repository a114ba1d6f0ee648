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
 * holds that inode with the generation it had when it was learned ({@link FileHandles#generation}), so a change made
 * behind the server's back, even one that reuses the inode number, makes an op fail with ESTALE instead of acting on
 * another file. A cookie never learned (after a restart, before the engine looked the node up again) is ESTALE too.
 */
final class CookieMap {

  /** How many names of one hard-linked inode are remembered. */
  private static final int MAX_NAMES = 8;

  /** What is known of one node: the names it was seen under. */
  private record Known(Set<Path> names) {}

  private final Map<Long, Known> known = new ConcurrentHashMap<>();
  private final HostPaths hostPaths;

  CookieMap(HostPaths hostPaths) {
    this.hostPaths = hostPaths;
  }

  /** Remembers that {@code node}'s inode is at its path. */
  void learn(HostNode node) {
    learn(node.attrs(), node.path());
  }

  /**
   * Remembers that the node of {@code attrs} is at {@code path}. The cookie holds the generation, so a new inode that
   * reuses a number is another node here.
   */
  void learn(HostAttributes attrs, Path path) {
    known.compute(attrs.cookie().value(), (cookie, k) -> {
      Known entry = k == null ? new Known(new CopyOnWriteArraySet<>()) : k;
      Set<Path> names = entry.names();
      if (names.size() >= MAX_NAMES && !names.contains(path)) {
        names.remove(names.iterator().next());
      }
      names.add(path);
      return entry;
    });
  }

  /** {@code true} if {@code cookie} has a known path (it may still turn out stale). */
  boolean knows(Cookie cookie) {
    Known k = known.get(cookie.value());
    return k != null && !k.names().isEmpty();
  }

  /** The paths known for {@code cookie}, oldest first. */
  List<Path> pathsOf(Cookie cookie) {
    Known k = known.get(cookie.value());
    return k == null ? List.of() : List.copyOf(k.names());
  }

  /**
   * The node {@code cookie} names, as it is now: the first known path that still holds that inode, of the same
   * generation, reached without a symbolic link on the way.
   *
   * @throws PuffsException ESTALE if there is none (or none was ever known)
   */
  HostNode resolve(Cookie cookie) {
    Known k = known.get(cookie.value());
    if (k != null) {
      for (Path path : k.names()) {
        HostAttributes attrs;
        try {
          attrs = HostAttributes.read(path);
        } catch (IOException e) {
          forget(cookie, path);
          continue;
        }
        if (!attrs.cookie().equals(cookie)) {
          forget(cookie, path);
          continue;
        }
        if (!hostPaths.isRoot(path)) {
          hostPaths.checkNoLinks(path.getParent());
        }
        return new HostNode(path, attrs);
      }
    }
    throw new PuffsException(Errno.ESTALE, "no node " + cookie + " (unknown or gone)");
  }

  /** Forgets that {@code cookie}'s node is at {@code path}. */
  void forget(Cookie cookie, Path path) {
    known.computeIfPresent(cookie.value(), (key, k) -> {
      k.names().remove(path);
      return k.names().isEmpty() ? null : k;
    });
  }

  /**
   * A rename moved {@code from} to {@code to}: every known path at or below {@code from} moves along. Linear in the
   * number of known nodes, as {@code puffs_path_prefixadj} is.
   */
  void renamed(Path from, Path to) {
    for (Known k : known.values()) {
      for (Path path : k.names()) {
        if (path.startsWith(from)) {
          k.names().remove(path);
          k.names().add(to.resolve(from.relativize(path)));
        }
      }
    }
  }

  /** The number of inodes with a known path. */
  int size() {
    return known.size();
  }
}
