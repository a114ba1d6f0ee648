package org.jpuffs.fuse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** FORGET: the kernel dropped {@code count} lookups of node {@code id}. */
  synchronized void forget(long id, long count) {
    Node node = byId.get(id);
    if (node == null || id == ROOT_ID) {
      return;
    }
    node.lookups -= count;
    if (node.lookups <= 0) {
      byId.remove(id);
      byCookie.remove(node.vnode.cookie());
      node.vnode.release();
    }
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
    byCookie.clear();
  }
}
