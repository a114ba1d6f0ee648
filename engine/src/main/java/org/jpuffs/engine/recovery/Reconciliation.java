package org.jpuffs.engine.recovery;

import java.util.Optional;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOp;

/**
 * What a re-sent request's reply means when the request may already have taken effect before the crash (an NFS
 * duplicate-request cache in effect): a create-like op that finds its name taken has done its work, so the node is
 * looked up and the client gets the node; a remove (or rename) that finds its name gone, or a link that finds its
 * name made, has done its work, so the client gets success. Writes carry their offset and setattr its values, so
 * they are idempotent and pass through, as does everything else.
 */
public final class Reconciliation {

  private Reconciliation() {}

  /** The name a retried create-like op made, if {@code reply} says it exists already: look it up instead. */
  public static Optional<ComponentName> lookupInstead(PuffsRequest request, PuffsReply reply) {
    if (!reply.rv().equals(Errno.EEXIST)) {
      return Optional.empty();
    }
    if (request.op() instanceof VnOp.Create create) {
      return Optional.of(create.cn());
    }
    if (request.op() instanceof VnOp.Mkdir mkdir) {
      return Optional.of(mkdir.cn());
    }
    if (request.op() instanceof VnOp.Mknod mknod) {
      return Optional.of(mknod.cn());
    }
    if (request.op() instanceof VnOp.Symlink symlink) {
      return Optional.of(symlink.cn());
    }
    return Optional.empty();
  }

  /**
   * The reply the client gets for a retried op: ENOENT after remove, rmdir or rename (the name is gone because the
   * first attempt moved or removed it) and EEXIST after link (the first attempt made the name) become success.
   */
  public static PuffsReply settle(PuffsRequest request, PuffsReply reply) {
    boolean gone = request.op() instanceof VnOp.Remove || request.op() instanceof VnOp.Rmdir
        || request.op() instanceof VnOp.Rename;
    if (gone && reply.rv().equals(Errno.ENOENT)
        || request.op() instanceof VnOp.Link && reply.rv().equals(Errno.EEXIST)) {
      return PuffsReply.ok(reply.id(), OpReply.None.INSTANCE);
    }
    return reply;
  }
}
