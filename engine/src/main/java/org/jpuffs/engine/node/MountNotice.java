package org.jpuffs.engine.node;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;

/**
 * What a node actor tells its mount: the mount owns the cookie table and the reference counts, so lookups, opens,
 * closes and setbacks for other nodes go through it.
 */
public sealed interface MountNotice {

  /**
   * A lookup or create answered with a node: find or make its actor ({@code puffs_getvnode} / {@code puffs_newnode}),
   * count one reference, and answer the caller with {@link VnodeResult.Found}.
   *
   * @param request the request that produced the node (for error reports)
   * @param reply the server's reply
   * @param vtype the node's type
   * @param mayExist {@code false} for creates: an existing cookie is then a protocol violation
   * @param replyTo the caller
   */
  record LoadNode(PuffsRequest request, OpReply.NewNode reply, VType vtype, boolean mayExist,
      ActorRef<VnodeResult> replyTo) implements MountNotice {
    public LoadNode {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(reply, "reply");
      Objects.requireNonNull(vtype, "vtype");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * Count one more reference to an existing node for the caller ("." and ".." resolved without the server).
   *
   * @param cookie the node
   * @param replyTo the caller
   */
  record AddReference(Cookie cookie, ActorRef<VnodeResult> replyTo) implements MountNotice {}

  /**
   * The node was opened or closed.
   *
   * @param cookie the node
   * @param delta +1 for open, -1 for close
   */
  record OpenCount(Cookie cookie, int delta) implements MountNotice {}

  /**
   * The server set N2 setbacks in a reply: they concern {@code target}, not the node that sent the op.
   *
   * @param target the op's second node
   * @param setbacks the N2 bits, already shifted to their N1 meaning
   */
  record SetbackFor(Cookie target, int setbacks) implements MountNotice {}

  /**
   * The node finished INACTIVE.
   *
   * @param cookie the node
   * @param recycle the server said it holds no references ({@code NOREF}): reclaim it now
   */
  record Inactivated(Cookie cookie, boolean recycle) implements MountNotice {}
}
