package org.jpuffs.engine.node;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.engine.node.cache.NodeCache;
import org.jpuffs.engine.node.cache.NodeReferences;

/**
 * A live vnode as the mount hands it out: the node's cookie and type, its actor, the count of references clients
 * hold, and the caches clients read without asking the actor. Each handle handed out counts one reference (FUSE's
 * nlookup); the client gives it back with a release.
 *
 * @param cookie the server's cookie
 * @param vtype the node's type
 * @param actor the node's actor
 * @param references the references clients hold (the mount retires them at reclaim)
 * @param cache what the node's actor publishes for lock-free hits
 */
public record NodeHandle(Cookie cookie, VType vtype, ActorRef<NodeActor.Command> actor, NodeReferences references,
    NodeCache cache) {
  public NodeHandle {
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(vtype, "vtype");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(references, "references");
    Objects.requireNonNull(cache, "cache");
  }

  // Handles are compared by identity: two incarnations of one cookie are different nodes.
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
