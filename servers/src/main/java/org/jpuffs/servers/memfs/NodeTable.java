package org.jpuffs.servers.memfs;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;

/**
 * Every node of one memfs by inode number, the counters that make new ones, and the {@link Capacity} they are paid
 * from. A node's cookie is its inode number: stable for the node's life and never reused, so a cookie or file handle
 * from before a node was freed cannot reach another node. Nodes whose last name is gone stay here until the engine
 * reclaims them (an open file that was unlinked must keep working), and they count against the capacity meanwhile.
 *
 * <p>Guarded by the tree lock of {@link MemFs}.
 */
final class NodeTable {
  /** The root's inode number, as UFS's {@code ROOTINO}; not 0, because cookie 0 means "no node". */
  static final long ROOT_INODE = 2;

  private final Map<Long, Node> nodes = new HashMap<>();
  private final Capacity capacity;
  private final long fsid;
  private long nextInode;
  private long nextGeneration;
  private Node root;

  private NodeTable(Capacity capacity, long fsid, long nextInode, long nextGeneration) {
    this.capacity = capacity;
    this.fsid = fsid;
    this.nextInode = nextInode;
    this.nextGeneration = nextGeneration;
  }

  /** A table holding a fresh root directory (mode 0755, owned by root). */
  static NodeTable withRoot(Capacity capacity, long fsid, Timespec now) {
    NodeTable t = new NodeTable(capacity, fsid, ROOT_INODE, 1);
    capacity.reserveNode();
    Node root = new Node(t.nextInode++, t.nextGeneration++, VType.VDIR, 0755, 0, 0, 0, null, now);
    root.nlink = 2;
    root.dir.setParent(root);
    t.nodes.put(root.inode, root);
    t.root = root;
    return t;
  }

  /** An empty table for a snapshot to fill; {@link #restoreNode} adds the nodes, the root first. */
  static NodeTable forRestore(Capacity capacity, long fsid, long nextInode, long nextGeneration) {
    return new NodeTable(capacity, fsid, nextInode, nextGeneration);
  }

  Node root() {
    return root;
  }

  long fsid() {
    return fsid;
  }

  Capacity capacity() {
    return capacity;
  }

  long nextInode() {
    return nextInode;
  }

  long nextGeneration() {
    return nextGeneration;
  }

  /** The node of a cookie, or null. */
  Node find(long inode) {
    return nodes.get(inode);
  }

  /**
   * The node a cookie names.
   *
   * @throws PuffsException ESTALE if there is none (never made, or freed after its reclaim)
   */
  Node get(Cookie cookie) {
    Node n = nodes.get(cookie.value());
    if (n == null) {
      throw new PuffsException(Errno.ESTALE, "no node " + cookie);
    }
    return n;
  }

  static Cookie cookie(Node node) {
    return Cookie.of(node.inode);
  }

  Collection<Node> all() {
    return nodes.values();
  }

  /**
   * Makes a node with link count 0 (the caller links it), paying for it and for its symlink target.
   *
   * @throws PuffsException ENOSPC if the node or the target does not fit
   */
  Node create(VType type, int mode, int uid, int gid, long rdev, String target, Timespec now) {
    capacity.reserveNode();
    long targetBytes = target == null ? 0 : Names.utf8Length(target);
    try {
      capacity.reserveBytes(targetBytes);
    } catch (PuffsException e) {
      capacity.releaseNode();
      throw e;
    }
    Node n = new Node(nextInode++, nextGeneration++, type, mode, uid, gid, rdev, target, now);
    nodes.put(n.inode, n);
    return n;
  }

  /** Snapshot restore: a node as it was. The first one restored is the root. */
  void restoreNode(Node n) {
    capacity.reserveNode();
    capacity.reserveBytes(n.bytesHeld());
    nodes.put(n.inode, n);
    if (root == null) {
      root = n;
    }
  }

  /**
   * Frees a node that has no names and no engine references left, returning its storage to the capacity. The root is
   * never freed.
   */
  void free(Node n) {
    if (n == root || nodes.remove(n.inode) == null) {
      return;
    }
    capacity.releaseBytes(n.bytesHeld());
    capacity.releaseNode();
  }
}
