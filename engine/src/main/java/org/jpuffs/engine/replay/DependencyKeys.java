package org.jpuffs.engine.replay;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.oplog.CookieMap;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * The recorded nodes an op depends on, for {@code --timing asap}: two ops that share a key keep their recorded order,
 * ops with disjoint keys may run concurrently. The keys are the recorded cookies the request touches (its header's,
 * and those inside REMOVE, RMDIR and LINK) and the node its recorded reply names, so that every later op on a
 * node found by a LOOKUP or made by a CREATE waits for it: the cookie map learns the node's new cookie from that reply.
 * A directory's cookie is in the header of every op that changes or reads its entries, so the ops of one directory
 * stay in order too.
 *
 * <p>A RENAME is a barrier: moving a directory changes the path of every node below it, and a server that finds its
 * nodes by path (passthrough) answers an op that overtakes the rename on such a node ESTALE.
 */
final class DependencyKeys {

  private DependencyKeys() {}

  /**
   * The keys of {@code record}; empty for a RENAME and for an op that names no node (STATVFS, SYNC, …), which
   * {@link Scheduler} treats as a barrier: it waits for everything before it and everything after it waits for it.
   */
  static Set<Cookie> of(OpRecord record) {
    Op op = record.request().op();
    if (op instanceof VnOp.Rename) {
      return Set.of();
    }
    Set<Cookie> keys = new LinkedHashSet<>(4);
    add(keys, record.request().cookie());
    if (op instanceof VnOp.Remove remove) {
      add(keys, remove.target());
    } else if (op instanceof VnOp.Rmdir rmdir) {
      add(keys, rmdir.target());
    } else if (op instanceof VnOp.Link link) {
      add(keys, link.target());
    }
    CookieMap.nodeOf(record.reply()).ifPresent(node -> add(keys, node));
    return keys;
  }

  private static void add(Set<Cookie> keys, Cookie cookie) {
    if (!cookie.isNone()) {
      keys.add(cookie);
    }
  }
}
