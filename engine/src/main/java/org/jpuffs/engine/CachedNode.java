package org.jpuffs.engine;

import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.engine.node.NodeHandle;
import org.jpuffs.engine.node.cache.NameEntry;

/**
 * A node as the engine's caches show it, seen without holding a reference and without a message: what a path walk
 * passes through on its way to the node it wants. {@link #child} follows the name cache one name further,
 * {@link #attributes} reads the attribute cache, {@link #acquire} takes a reference when the walk needs a real
 * {@link Vnode}. Every answer is "as of the read", as a name-cache hit is: a node the engine reclaims meanwhile
 * answers nothing more (null), and the caller falls back to {@link Vnode#lookup} and {@link Vnode#getattr}, which
 * ask the server.
 *
 * <p>A walk through cached names costs a map read per name and one compare-and-set for the reference at the end,
 * where {@link Vnode#lookup} on every name would take and give back a reference per name (the give-back is a message
 * to the mount, and the node going idle another one to the node).
 */
public final class CachedNode {
  private final Mount mount;
  private final NodeHandle node;
  private final OpReply.NewNode found;

  CachedNode(Mount mount, NodeHandle node, OpReply.NewNode found) {
    this.mount = mount;
    this.node = node;
    this.found = found;
  }

  /** The server's cookie for this node. */
  public Cookie cookie() {
    return node.cookie();
  }

  /** The node's type. */
  public VType type() {
    return node.vtype();
  }

  /**
   * The node the name cache has for {@code name} in this directory, or null if only the server can say: not a
   * directory, no valid entry (or a negative one), ".", "..", or the node reclaimed. Like a cached
   * {@link Vnode#lookup}, it asks nothing of the server, search permission included.
   */
  public CachedNode child(String name) {
    if (node.vtype() != VType.VDIR || !node.cache().isOpen() || name.equals(".") || name.equals("..")) {
      return null;
    }
    NameEntry entry = node.cache().name(name);
    if (entry == null || entry.isNegative() || !entry.child().cache().isOpen()) {
      return null;
    }
    return new CachedNode(mount, entry.child(), entry.reply());
  }

  /** The node's attributes if the attribute cache holds them within their TTL (CACHE_FS_TTL), else null. */
  public Vattr attributes() {
    Vattr va = node.cache().attributes();
    return va != null && node.cache().isOpen() ? va : null;
  }

  /**
   * A reference to this node as a {@link Vnode}, taken with a compare-and-set and no message, or null if the mount
   * is reclaiming the node (then {@link Vnode#lookup} makes it anew).
   */
  public Vnode acquire() {
    if (!node.cache().isOpen() || !node.references().tryAcquire()) {
      return null;
    }
    return new Vnode(mount, node, found);
  }

  @Override
  public String toString() {
    return "CachedNode[" + mount.name() + " " + node.cookie() + " " + node.vtype() + "]";
  }
}
