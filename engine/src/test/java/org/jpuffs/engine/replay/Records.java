package org.jpuffs.engine.replay;

import java.util.List;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.persistence.oplog.OpRecord;

/** Small hand-made op-log records for unit tests. */
final class Records {

  private Records() {}

  static Cookie cookie(long value) {
    return Cookie.of(value);
  }

  static ComponentName name(String name) {
    return ComponentName.lookup(name);
  }

  /** Record {@code seq}: {@code op} on {@code node}, answered {@code reply}. */
  static OpRecord record(long seq, long node, Op op, OpReply reply) {
    return new OpRecord(seq, PuffsRequest.of(seq, cookie(node), Cred.ROOT, 1, op), PuffsReply.ok(seq, reply),
        seq * 1000, seq * 1000 + 10);
  }

  /** A successful LOOKUP reply naming {@code node}. */
  static OpReply.NewNode found(long node, VType type) {
    return OpReply.NewNode.of(cookie(node), type, 0, 0);
  }

  static OpReply.Entries entries(long offset, boolean eof, String... names) {
    return new OpReply.Entries(List.of(names).stream().map(n -> new DirEntry(1, n, VType.VREG)).toList(), List.of(),
        offset, 0, eof);
  }
}
