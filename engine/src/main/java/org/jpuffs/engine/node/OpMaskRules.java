package org.jpuffs.engine.node;

import java.util.Optional;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PollEvents;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;

/**
 * What the engine answers by itself for an op the server did not put in its op mask ({@code puffs_vnop_checkop} and
 * the per-op tests of {@code puffs_vnops.c}), so no round trip is paid for it. With {@code KFLAG_ALLOPS} every op is
 * sent.
 */
public final class OpMaskRules {
  private OpMaskRules() {}

  private static final VnodeResult SUCCESS = new VnodeResult.Replied(OpReply.None.INSTANCE);
  private static final VnodeResult EOPNOTSUPP = new VnodeResult.Failed(Errno.EOPNOTSUPP);

  /**
   * The local answer for {@code op} on a node of type {@code type}, or empty if the op must go to the server.
   * ADVLOCK is not answered here: without the server, the engine keeps the locks itself ({@code lf_advlock}).
   */
  public static Optional<VnodeResult> localAnswer(VnOp op, OpMask mask, int kflags, VType type) {
    if ((kflags & KFlags.ALLOPS) != 0 || mask.contains(op.type())) {
      return Optional.empty();
    }
    switch (op.type()) {
      case ACCESS:
      case CLOSE:
      case SEEK:
      case MMAP:
      case FSYNC:
      case ABORTOP:
      case INACTIVE:
      case RECLAIM:
        // Missing from the mask means "nothing to do": access granted, close and seek accepted, mmap as genfs,
        // fsync/abortop/inactive/reclaim not sent.
        return Optional.of(SUCCESS);
      case OPEN:
        return Optional.of(openWithoutServer((VnOp.Open) op, mask, type));
      case POLL:
        // genfs_poll: a file without a poll op is always ready.
        return Optional.of(new VnodeResult.Replied(
            new OpReply.PollReady(((VnOp.Poll) op).events() & PollEvents.GENFS_READY)));
      case LOOKUP:
      case ADVLOCK:
        return Optional.empty();
      default:
        return Optional.of(EOPNOTSUPP);
    }
  }

  /** {@code puffs_vnop_open}: FWRITE on a regular file of a server that cannot write is EROFS. */
  private static VnodeResult openWithoutServer(VnOp.Open open, OpMask mask, VType type) {
    if ((open.mode() & OpenFlags.FWRITE) != 0 && type == VType.VREG && !mask.contains(VnOpType.WRITE)) {
      return new VnodeResult.Failed(Errno.EROFS);
    }
    return new VnodeResult.Replied(new OpReply.Opened(0));
  }

  /**
   * {@code true} if OPEN must be sent: it is in the mask (or ALLOPS) and, even then, a write-open of a regular file
   * on a server without WRITE is refused first.
   */
  public static Optional<VnodeResult> openPrecheck(VnOp.Open open, OpMask mask, int kflags, VType type) {
    if ((kflags & KFlags.ALLOPS) == 0 && (open.mode() & OpenFlags.FWRITE) != 0 && type == VType.VREG
        && !mask.contains(VnOpType.WRITE)) {
      return Optional.of(new VnodeResult.Failed(Errno.EROFS));
    }
    return Optional.empty();
  }
}
