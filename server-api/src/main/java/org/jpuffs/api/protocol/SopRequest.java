package org.jpuffs.api.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A server-originated request on its way to the engine's sop actor.
 *
 * @param id the server's own id for the request; the reply carries it back
 * @param op what is asked
 * @param replyTo where the engine's answer goes
 */
public record SopRequest(long id, SopOp op, ActorRef<SopReply> replyTo) implements PuffsSerializable {
  public SopRequest {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(replyTo, "replyTo");
  }
}
