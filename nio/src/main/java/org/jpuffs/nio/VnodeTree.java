package org.jpuffs.nio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.engine.CachedNode;
import org.jpuffs.engine.Vnode;

/**
 * Walks paths of one file system to vnodes, one {@link Vnode#lookup} per component, following symlinks as namei
 * does: relative targets from the link's directory, absolute ones from the root, {@code ..} to the physical parent,
 * at most {@link #MAXSYMLINKS} links per walk (then ELOOP).
 *
 * <p>Every walk first tries the engine's name cache alone ({@link CachedNode#child}): when each name of the path is
 * a valid entry and no symlink is in the way, the walk takes one reference, on the node it ends at, and sends no
 * message at all; a stat ({@link #cachedAttributes}) takes none. Anything else — a miss, {@code .} or {@code ..}, a
 * symlink to follow, a node reclaimed meanwhile — walks the slow way, which asks the server where the cache cannot
 * answer. There is deliberately no second path cache here: the engine's caches are the one cache.
 */
final class VnodeTree {

  /** NetBSD's {@code MAXSYMLINKS}. */
  static final int MAXSYMLINKS = 32;

  private final Vnode root;
  /** Where relative paths start: the root, or the directory of a {@code SecureDirectoryStream}. */
  private final Vnode start;
  private final Cred cred;
  private final long timeoutMillis;

  VnodeTree(Vnode root, Cred cred, long timeoutMillis) {
    this(root, root, cred, timeoutMillis);
  }

  private VnodeTree(Vnode root, Vnode start, Cred cred, long timeoutMillis) {
    this.root = root;
    this.start = start;
    this.cred = cred;
    this.timeoutMillis = timeoutMillis;
  }

  /** This tree with relative paths starting at {@code dir}, which the caller keeps referenced while it is used. */
  VnodeTree from(Vnode dir) {
    return new VnodeTree(root, dir, cred, timeoutMillis);
  }

  Cred cred() {
    return cred;
  }

  /** Makes the engine call {@code op} and waits for it with the mount's timeout ({@link Errnos#await}). */
  <T> T await(Supplier<? extends CompletionStage<T>> op) throws InterruptedIOException {
    return Errnos.await(op, timeoutMillis);
  }

  /**
   * The vnode {@code path} names (relative paths start at {@link #from the start directory}, the root by default).
   *
   * @param follow follow a final symlink
   * @throws IOException the walk's errno as a java.nio exception, naming {@code path}
   */
  NodeRef walk(PuffsPath path, boolean follow) throws IOException {
    try {
      return walk(path.isAbsolute(), path.names(), follow, path);
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
  }

  /**
   * {@code path}'s attributes if the engine's caches hold every name on the way and the attributes within their
   * TTL; null if only the server can say (then {@link #walk} and {@link Vnode#getattr}).
   */
  Vattr cachedAttributes(PuffsPath path, boolean follow) {
    List<String> names = path.names();
    CachedNode node = names.isEmpty() ? (path.isAbsolute() ? root : start).cached()
        : cachedWalk(path.isAbsolute(), names, follow);
    return node == null ? null : node.attributes();
  }

  /** The directory that holds {@code path}'s last name, all links followed. */
  NodeRef walkParent(PuffsPath path) throws IOException {
    List<String> names = path.names();
    if (names.isEmpty()) {
      throw new FileSystemException(path.toString(), null, "the root has no parent");
    }
    try {
      NodeRef parent = walk(path.isAbsolute(), names.subList(0, names.size() - 1), true, path);
      if (parent.vnode().type() != VType.VDIR) {
        parent.close();
        throw Errnos.toException(Errno.ENOTDIR, path);
      }
      return parent;
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
  }

  /** LOOKUP of {@code name} in {@code dir}; ENOENT → null. */
  Vnode lookupOrNull(Vnode dir, String name, PuffsPath forErrors) throws IOException {
    try {
      return await(() -> dir.lookup(name, cred));
    } catch (PuffsException e) {
      if (e.errno().equals(Errno.ENOENT)) {
        return null;
      }
      throw Errnos.toException(e.errno(), forErrors);
    }
  }

  /** The path with every symlink, {@code .} and {@code ..} resolved. */
  PuffsPath realPath(PuffsPath path, boolean follow) throws IOException {
    PuffsPath absolute = path.toAbsolutePath();
    // Walk component by component so that each symlink's target is made real before the next name.
    List<String> real = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(absolute.names());
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.removeFirst();
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!real.isEmpty()) {
          real.remove(real.size() - 1);
        }
        continue;
      }
      List<String> candidate = new ArrayList<>(real);
      candidate.add(name);
      PuffsPath here = new PuffsPath(path.getFileSystem(), true, candidate);
      try (NodeRef node = walk(true, candidate, false, here)) {
        boolean last = todo.isEmpty();
        if (node.vnode().type() == VType.VLNK && (!last || follow)) {
          if (++links > MAXSYMLINKS) {
            throw Errnos.toException(Errno.ELOOP, path);
          }
          String target = await(() -> node.vnode().readlink(cred));
          List<String> targetNames = PuffsPath.parse(path.getFileSystem(), target).names();
          for (int i = targetNames.size() - 1; i >= 0; i--) {
            todo.addFirst(targetNames.get(i));
          }
          if (target.startsWith("/")) {
            real.clear();
          }
          continue;
        }
        if (!last && node.vnode().type() != VType.VDIR) {
          throw Errnos.toException(Errno.ENOTDIR, path);
        }
      } catch (PuffsException e) {
        throw Errnos.toException(e.errno(), path);
      }
      real.add(name);
    }
    return new PuffsPath(path.getFileSystem(), true, real);
  }

  /**
   * The node {@code names} lead to through the name cache alone, or null if a step needs more: a miss, {@code .} or
   * {@code ..}, a symlink to follow, or a non-directory on the way (whose error the full walk reports).
   */
  private CachedNode cachedWalk(boolean absolute, List<String> names, boolean follow) {
    CachedNode at = (absolute ? root : start).cached();
    int last = names.size() - 1;
    for (int i = 0; i <= last && at != null; i++) {
      at = at.child(names.get(i));
      if (at != null && at.type() == VType.VLNK && (i < last || follow)) {
        return null;
      }
    }
    return at;
  }

  private NodeRef walk(boolean absolute, List<String> names, boolean follow, PuffsPath forErrors)
      throws IOException {
    if (!names.isEmpty()) {
      CachedNode cached = cachedWalk(absolute, names, follow);
      Vnode held = cached == null ? null : cached.acquire();
      if (held != null) {
        return new NodeRef(held, true);
      }
    }
    Deque<String> todo = new ArrayDeque<>(names);
    // Where the walk stands when the chain is empty: the root or the start directory (borrowed), or a parent of the
    // start that ".." looked up (owned).
    Vnode base = absolute ? root : start;
    boolean baseOwned = false;
    // The physical chain below the base: ".." pops it, so ".." after a symlink goes to the target's parent.
    Deque<Vnode> chain = new ArrayDeque<>();
    int links = 0;
    boolean done = false;
    try {
      while (!todo.isEmpty()) {
        String name = todo.removeFirst();
        if (name.equals(".")) {
          continue;
        }
        if (name.equals("..")) {
          if (!chain.isEmpty()) {
            chain.removeLast().release();
          } else if (!base.cookie().equals(root.cookie())) {
            // Above a SecureDirectoryStream's directory: only the server knows its parent.
            Vnode below = base;
            Vnode up = await(() -> below.lookup("..", cred));
            if (baseOwned) {
              base.release();
            }
            base = up;
            baseOwned = true;
          }
          continue;
        }
        Vnode dir = chain.isEmpty() ? base : chain.getLast();
        if (dir.type() != VType.VDIR) {
          throw new PuffsException(Errno.ENOTDIR);
        }
        Vnode child = await(() -> dir.lookup(name, cred));
        boolean last = todo.isEmpty();
        if (child.type() == VType.VLNK && (!last || follow)) {
          String target;
          try {
            if (++links > MAXSYMLINKS) {
              throw new PuffsException(Errno.ELOOP);
            }
            target = await(() -> child.readlink(cred));
          } finally {
            child.release();
          }
          List<String> targetNames = PuffsPath.parse(forErrors.getFileSystem(), target).names();
          for (int i = targetNames.size() - 1; i >= 0; i--) {
            todo.addFirst(targetNames.get(i));
          }
          if (target.startsWith("/")) {
            releaseAll(chain);
            if (baseOwned) {
              base.release();
            }
            base = root;
            baseOwned = false;
          }
          continue;
        }
        chain.addLast(child);
      }
      done = true;
    } finally {
      if (!done) {
        releaseAll(chain);
        if (baseOwned) {
          base.release();
        }
      }
    }
    if (chain.isEmpty()) {
      return new NodeRef(base, baseOwned);
    }
    Vnode found = chain.removeLast();
    releaseAll(chain);
    if (baseOwned) {
      base.release();
    }
    return new NodeRef(found, true);
  }

  private static void releaseAll(Deque<Vnode> chain) {
    while (!chain.isEmpty()) {
      chain.removeLast().release();
    }
  }

  /** NoSuchFileException for a missing name. */
  static NoSuchFileException missing(PuffsPath path) {
    return new NoSuchFileException(path.toString());
  }
}
