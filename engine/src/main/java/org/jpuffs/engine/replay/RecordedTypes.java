package org.jpuffs.engine.replay;

import java.util.HashMap;
import java.util.Map;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * The type of each recorded node, as the recorded replies that named it said (the root is a directory), so that
 * {@link DependencyKeys} can tell the RENAME of a file from that of a directory. Learned and read in recorded order
 * by the replay's feeding stage; not thread-safe.
 */
final class RecordedTypes {

  private final Map<Cookie, VType> types = new HashMap<>();

  RecordedTypes(Cookie recordedRoot) {
    types.put(recordedRoot, VType.VDIR);
  }

  /**
   * Learns the type of the node {@code record}'s reply names, if it names one; forgets the node a RECLAIM lets go
   * (the server may free it, and give its cookie to another node later).
   */
  void learn(OpRecord record) {
    if (record.request().op() instanceof VnOp.Reclaim) {
      types.remove(record.request().cookie());
      return;
    }
    PuffsReply reply = record.reply();
    if (reply == null || !reply.isOk()) {
      return;
    }
    if (reply.body() instanceof OpReply.NewNode node && !node.cookie().isNone()) {
      types.put(node.cookie(), node.vtype());
    } else if (reply.body() instanceof OpReply.NodeInfo node && !node.cookie().isNone()) {
      types.put(node.cookie(), node.vtype());
    }
  }

  /**
   * {@code true} if an earlier recorded reply named {@code cookie} and no RECLAIM has let it go since: the replay's
   * cookie map learns it from that earlier op.
   */
  boolean known(Cookie cookie) {
    return types.containsKey(cookie);
  }

  /** {@code true} unless the recording showed {@code cookie} to be something other than a directory. */
  boolean maybeDirectory(Cookie cookie) {
    VType type = types.get(cookie);
    return type == null || type == VType.VDIR;
  }
}
