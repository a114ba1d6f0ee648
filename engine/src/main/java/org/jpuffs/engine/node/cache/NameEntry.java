package org.jpuffs.engine.node.cache;

import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.engine.node.NodeHandle;

/**
 * One name-cache entry of a directory: a name and the node it names, or, for a negative entry, that the name does
 * not exist. Immutable; an entry stops counting when its TTL passes, when the child's name generation moves on
 * (INVAL_NAMECACHE_NODE of the child), or when the mount's epoch does (INVAL_NAMECACHE_ALL).
 *
 * @param child the named node, or null for a negative entry
 * @param reply the server's reply that produced the entry (null for a negative entry)
 * @param childGeneration the child's name generation when entered
 * @param epoch the mount's name epoch when entered
 * @param expiresAt when the entry's {@code cn_ttl} passes, {@link Expiry#NEVER} without one
 */
public record NameEntry(NodeHandle child, OpReply.NewNode reply, int childGeneration, long epoch, long expiresAt) {

  /** {@code true} for a negative entry ("no such name"). */
  public boolean isNegative() {
    return child == null;
  }
}
