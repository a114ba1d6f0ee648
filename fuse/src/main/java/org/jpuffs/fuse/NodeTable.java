package org.jpuffs.fuse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.engine.Vnode;

/**
 * FUSE node ids ↔ vnodes (go-fuse's inode table). Every node the kernel knows holds exactly one engine reference (a
 * {@link Vnode}); the kernel's lookup count is kept here, and when FORGET brings it to zero the reference is
 * released. Node ids are never reused, so the generation number is always 0. Node id 1 is the root; the kernel
 * never forgets it.
 */
final class NodeTable {
  static final long ROOT_ID = 1;

  private final Map<Long, Node> byId = new HashMap<>();
  private final Map<Cookie, Node> byCookie = new HashMap<>();
  private long nextId = ROOT_ID + 1;
  /** Names the kernel was told are absent, per directory node id. */
  private final Map<Long, Set<String>> negatives = new HashMap<>();
  static final int MAX_NEGATIVES = 4096;

  /** One node the kernel knows. Mutable fields are guarded by the table. */
  static final class Node {
    final long id;
    final Vnode vnode;
    long lookups;
    long parent;
    String name;

    Node(long id, Vnode vnode) {
      this.id = id;
      this.vnode = vnode;
    }
  }

  /** A name the kernel may have cached: {@code name} in directory {@code parent}. */
  record Name(long parent, String name) {}

  NodeTable(Vnode root) {
    Node node = new Node(ROOT_ID, root);
    node.lookups = 1;
    byId.put(ROOT_ID, node);
    byCookie.put(root.cookie(), node);
  }

  /**
   * The kernel is told about {@code vnode} (a counted reference from lookup/create) as {@code name} in
   * {@code parent}: one more lookup for its node id. A vnode the table already has is released at once, so the
   * table keeps a single engine reference per node.
   *
   * @return the node id to give the kernel
   */
  synchronized long remember(Vnode vnode, long parent, String name) {
    Node node = byCookie.get(vnode.cookie());
    if (node != null) {
      vnode.release();
    } else {
      node = new Node(nextId++, vnode);
      byId.put(node.id, node);
      byCookie.put(vnode.cookie(), node);
    }
    node.lookups++;
    node.parent = parent;
    node.name = name;
    Set<String> absent = negatives.get(parent);
    if (absent != null) {
      absent.remove(name);
    }
    return node.id;
  }

  /**
   * The vnode of node id {@code id}.
   *
   * @throws PuffsException ESTALE for an id the kernel should not be using (forgotten or never given)
   */
  synchronized Vnode vnode(long id) {
    Node node = byId.get(id);
    if (node == null) {
      throw new PuffsException(Errno.ESTALE, "unknown FUSE node id " + id);
    }
    return node.vnode;
  }

  /** The node id the kernel knows {@code cookie} by, or 0. */
  synchronized long idOf(Cookie cookie) {
    Node node = byCookie.get(cookie);
    return node == null ? 0 : node.id;
  }

  /** The kernel's name for {@code cookie}'s node as last looked up, or null. */
  synchronized Name nameOf(Cookie cookie) {
    Node node = byCookie.get(cookie);
    return node == null || node.name == null ? null : new Name(node.parent, node.name);
  }

  /** The names the kernel may have cached inside directory {@code dirId}. */
  synchronized List<String> namesIn(long dirId) {
    List<String> names = new ArrayList<>();
    for (Node node : byId.values()) {
      if (node.parent == dirId && node.name != null) {
        names.add(node.name);
      }
    }
    return names;
  }

  /** Every name the kernel may have cached. */
  synchronized List<Name> allNames() {
    List<Name> names = new ArrayList<>();
    for (Node node : byId.values()) {
      if (node.name != null) {
        names.add(new Name(node.parent, node.name));
      }
    }
    return names;
  }

  /** A rename moved the node now known as {@code name} in {@code parent}. */
  synchronized void renamed(Cookie cookie, long parent, String name) {
    Node node = byCookie.get(cookie);
    if (node != null) {
      node.parent = parent;
      node.name = name;
    }
  }

  /**
   * FORGET: the kernel dropped {@code count} lookups of node {@code id}.
   *
   * @return {@code true} if that was the last one and the node is gone
   */
  synchronized boolean forget(long id, long count) {
    Node node = byId.get(id);
    if (node == null || id == ROOT_ID) {
      return false;
    }
    node.lookups -= count;
    if (node.lookups <= 0) {
      byId.remove(id);
      byCookie.remove(node.vnode.cookie());
      negatives.remove(id);
      node.vnode.release();
      return true;
    }
    return false;
  }

  /**
   * The kernel was told that {@code name} does not exist in {@code parent} (a negative entry it may cache). Kept so
   * that a server-side invalidation of the directory reaches those names too; at most {@link #MAX_NEGATIVES} per
   * directory, the oldest dropped first (a dropped one may stay stale in the kernel until its entry timeout).
   */
  synchronized void rememberAbsent(long parent, String name) {
    Set<String> names = negatives.computeIfAbsent(parent, p -> new LinkedHashSet<>());
    if (names.add(name) && names.size() > MAX_NEGATIVES) {
      Iterator<String> oldest = names.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The names the kernel may hold as absent in directory {@code dirId}. */
  synchronized List<String> negativeNamesIn(long dirId) {
    Set<String> names = negatives.get(dirId);
    return names == null ? List.of() : List.copyOf(names);
  }

  /** Every name the kernel may hold as absent. */
  synchronized List<Name> allNegativeNames() {
    List<Name> all = new ArrayList<>();
    negatives.forEach((dir, names) -> names.forEach(n -> all.add(new Name(dir, n))));
    return all;
  }

  /** The number of nodes the kernel holds, the root included. */
  synchronized int size() {
    return byId.size();
  }

  /** The lookup count of node {@code id} (0 if unknown). */
  synchronized long lookups(long id) {
    Node node = byId.get(id);
    return node == null ? 0 : node.lookups;
  }

  /** Releases every reference (the mount is gone, the kernel forgets nothing more). */
  synchronized void releaseAll() {
    byId.values().forEach(node -> node.vnode.release());
    byId.clear();
    negatives.clear();
    byCookie.clear();
  }
}
