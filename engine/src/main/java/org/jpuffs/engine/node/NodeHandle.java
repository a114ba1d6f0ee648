package org.jpuffs.engine.node;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.VType;

/**
 * A reference to a live vnode as the mount hands it out: the node's cookie and type, and its actor. Each handle
 * handed out counts one reference (FUSE's nlookup); the client gives it back with a release.
 *
 * @param cookie the server's cookie
 * @param vtype the node's type
 * @param actor the node's actor
 */
public record NodeHandle(Cookie cookie, VType vtype, ActorRef<NodeActor.Command> actor) {
  public NodeHandle {
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(vtype, "vtype");
    Objects.requireNonNull(actor, "actor");
  }
}
