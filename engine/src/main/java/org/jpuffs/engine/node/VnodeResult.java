package org.jpuffs.engine.node;

import java.util.Objects;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;

/** What a vnode op gives its caller. */
public sealed interface VnodeResult {

  /**
   * The op succeeded.
   *
   * @param body the server's reply fields (or the engine's own answer for ops it handles locally)
   */
  record Replied(OpReply body) implements VnodeResult {
    public Replied {
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * A lookup or create succeeded and the caller now holds a reference to the node.
   *
   * @param node the node
   * @param reply the server's reply
   */
  record Found(NodeHandle node, OpReply.NewNode reply) implements VnodeResult {
    public Found {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(reply, "reply");
    }
  }

  /**
   * The op failed.
   *
   * @param errno why
   */
  record Failed(Errno errno) implements VnodeResult {
    public Failed {
      Objects.requireNonNull(errno, "errno");
    }
  }
}
