package org.jpuffs.engine.replay;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.oplog.CookieMap;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * The recorded nodes an op reads and writes, for {@code --timing asap}. The keys are the recorded cookies the request
 * touches (its header's, and those inside REMOVE, RMDIR and LINK) and the node its recorded reply names. {@link
 * Scheduler} keeps an op that writes a node after every earlier op on it, and an op that only reads a node after the
 * earlier writes of it: reads between the same two writes see the same state in any order, which is what lets the
 * many LOOKUPs of a path walk from the root run at once.
 *
 * <p>Which ops only read: LOOKUP, GETATTR, READ, READDIR, READLINK, ACCESS, PATHCONF, POLL, GETEXTATTR and
 * LISTEXTATTR, on their header's node. A node a reply names counts as written: the cookie map learns it from that
 * reply, so every later op on it waits for it. Everything else writes all its keys (OPEN and CLOSE too: servers count
 * opens). A directory's cookie is in the header of every op on its entries, so a directory's changes stay in order.
 *
 * <p>The RENAME of a directory (or of a node whose type the recording never showed), and an op that names no node
 * (STATVFS, SYNC, …), is a barrier: moving a directory changes the path of every node below it, and a server that
 * finds its nodes by path (passthrough) answers an op that overtakes the rename on such a node ESTALE. The RENAME of
 * anything else writes both directories, the node moved and the node replaced.
 *
 * @param reads the nodes only read
 * @param writes the nodes written
 */
record DependencyKeys(Set<Cookie> reads, Set<Cookie> writes) {

  /** {@code true} for a barrier: no keys at all. */
  boolean isBarrier() {
    return reads.isEmpty() && writes.isEmpty();
  }

  /** The keys of {@code record}, knowing the recorded nodes' types from {@code types}. */
  static DependencyKeys of(OpRecord record, RecordedTypes types) {
    Op op = record.request().op();
    if (op instanceof VnOp.Rename rename && types.maybeDirectory(rename.source())) {
      return new DependencyKeys(Set.of(), Set.of());
    }
    Set<Cookie> reads = new LinkedHashSet<>(2);
    Set<Cookie> writes = new LinkedHashSet<>(4);
    add(readOnly(op) ? reads : writes, record.request().cookie());
    if (op instanceof VnOp.Rename rename) {
      add(writes, rename.source());
      add(writes, rename.targetDir());
      add(writes, rename.target());
    } else if (op instanceof VnOp.Remove remove) {
      add(writes, remove.target());
    } else if (op instanceof VnOp.Rmdir rmdir) {
      add(writes, rmdir.target());
    } else if (op instanceof VnOp.Link link) {
      add(writes, link.target());
    }
    CookieMap.nodeOf(record.reply()).ifPresent(node -> add(writes, node));
    reads.removeAll(writes);
    return new DependencyKeys(reads, writes);
  }

  private static boolean readOnly(Op op) {
    return op instanceof VnOp.Lookup || op instanceof VnOp.Getattr || op instanceof VnOp.Read
        || op instanceof VnOp.Readdir || op instanceof VnOp.Readlink || op instanceof VnOp.Access
        || op instanceof VnOp.Pathconf || op instanceof VnOp.Poll || op instanceof VnOp.Getextattr
        || op instanceof VnOp.Listextattr;
  }

  private static void add(Set<Cookie> keys, Cookie cookie) {
    if (!cookie.isNone()) {
      keys.add(cookie);
    }
  }
}
