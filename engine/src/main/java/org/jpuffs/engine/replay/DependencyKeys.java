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
 * <p>Which ops only read: LOOKUP, GETATTR, READ, READDIR, READLINK, ACCESS, PATHCONF, POLL, GETEXTATTR,
 * LISTEXTATTR and INACTIVE, on their header's node. INACTIVE says the kernel holds no reference any more: it changes
 * nothing a later read sees (a server may mark an unlinked node for recycling, which only the later RECLAIM, a write,
 * acts on). A node a reply names for the first time (or again after its RECLAIM) counts as written: the cookie map
 * learns it from that reply, so every later op on it waits for it; a node the map already knows is only read by a
 * LOOKUP that finds it again. Everything else writes all its keys (OPEN and CLOSE too: servers count opens). A
 * directory's cookie is in the header of every op on its entries, so a directory's changes stay in order.
 *
 * <p>Each READDIR also writes its directory's {@link Listing} key, so the READDIRs of one directory run in recorded
 * order (a continuation needs the offsets its predecessor's reply mapped).
 *
 * <p>The RENAME of a directory (or of a node whose type the recording never showed), and an op that names no node
 * (STATVFS, SYNC, …), is a barrier: moving a directory changes the path of every node below it, and a server that
 * finds its nodes by path (passthrough) answers an op that overtakes the rename on such a node ESTALE. The RENAME of
 * anything else writes both directories, the node moved and the node replaced.
 *
 * @param reads the nodes only read
 * @param writes the nodes written
 */
record DependencyKeys(Set<Object> reads, Set<Object> writes) {

  /**
   * The key of a directory's listing: every READDIR of the directory writes it, so its listings (a listing spans
   * several READDIRs, and {@link DirectoryListings} follows one listing of a directory at a time) stay in recorded
   * order, while they only read the directory itself and run beside the LOOKUPs in it.
   *
   * @param dir the recorded directory
   */
  record Listing(Cookie dir) {}

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
    Set<Object> reads = new LinkedHashSet<>(4);
    Set<Object> writes = new LinkedHashSet<>(4);
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
    } else if (op instanceof VnOp.Readdir) {
      writes.add(new Listing(record.request().cookie()));
    }
    // A node new to the cookie map is written: every later op on it needs this reply. One the map knows already is
    // only read by an op that reads (a LOOKUP finding it again), so the lookups of a busy node run at once.
    CookieMap.nodeOf(record.reply()).ifPresent(node -> add(readOnly(op) && types.known(node) ? reads : writes, node));
    reads.removeAll(writes);
    return new DependencyKeys(reads, writes);
  }

  private static boolean readOnly(Op op) {
    return op instanceof VnOp.Lookup || op instanceof VnOp.Getattr || op instanceof VnOp.Read
        || op instanceof VnOp.Readdir || op instanceof VnOp.Readlink || op instanceof VnOp.Access
        || op instanceof VnOp.Pathconf || op instanceof VnOp.Poll || op instanceof VnOp.Getextattr
        || op instanceof VnOp.Listextattr || op instanceof VnOp.Inactive;
  }

  private static void add(Set<Object> keys, Cookie cookie) {
    if (!cookie.isNone()) {
      keys.add(cookie);
    }
  }
}
