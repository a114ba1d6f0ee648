package org.jpuffs.persistence.oplog;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOp;

/**
 * Maps the cookies of a recorded session (an old server's) to the cookies of the server the session is being re-driven
 * into, and rewrites recorded requests with them. Crash recovery in replay mode and the session {@code Replayer} both
 * feed a fresh server the recorded requests in order: each reply that names a node (LOOKUP, CREATE, MKNOD, MKDIR,
 * SYMLINK, FHTOVP) teaches the map one pair; each later request is rewritten before it is sent.
 *
 * <p>Not thread-safe: one re-drive owns one map.
 */
public final class CookieMap {

  private final Map<Cookie, Cookie> oldToNew = new HashMap<>();

  /** A map that knows the root: {@code oldRoot} of the recording is {@code newRoot} of the new server. */
  public CookieMap(Cookie oldRoot, Cookie newRoot) {
    learn(oldRoot, newRoot);
  }

  /** Records that {@code oldCookie} is {@code newCookie} on the new server. */
  public void learn(Cookie oldCookie, Cookie newCookie) {
    Objects.requireNonNull(oldCookie, "oldCookie");
    Objects.requireNonNull(newCookie, "newCookie");
    if (!oldCookie.isNone() && !newCookie.isNone()) {
      oldToNew.put(oldCookie, newCookie);
    }
  }

  /**
   * Learns the node a reply names: if the recorded reply and the new reply both name a node, they name the same one.
   * Replies without a node, and failed replies, teach nothing.
   */
  public void learn(PuffsReply recorded, PuffsReply replayed) {
    nodeOf(recorded).ifPresent(oldCookie -> nodeOf(replayed).ifPresent(newCookie -> learn(oldCookie, newCookie)));
  }

  /** The new cookie for {@code oldCookie}, if the map knows it; {@link Cookie#NONE} maps to itself. */
  public Optional<Cookie> lookup(Cookie oldCookie) {
    if (oldCookie.isNone()) {
      return Optional.of(Cookie.NONE);
    }
    return Optional.ofNullable(oldToNew.get(oldCookie));
  }

  /** How many cookies the map knows. */
  public int size() {
    return oldToNew.size();
  }

  /**
   * {@code recorded} with every cookie it carries (the header's and those inside REMOVE, LINK, RENAME and RMDIR)
   * mapped to the new server's, or empty if one of them is unknown: the recording names a node the re-drive has not
   * seen, so the caller reports a divergence instead of sending a request to the wrong node.
   */
  public Optional<PuffsRequest> translate(PuffsRequest recorded) {
    Optional<Cookie> cookie = lookup(recorded.cookie());
    Optional<Op> op = translate(recorded.op());
    if (cookie.isEmpty() || op.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PuffsRequest(recorded.id(), cookie.get(), recorded.cred(), recorded.pid(), recorded.faf(),
        op.get()));
  }

  private Optional<Op> translate(Op op) {
    if (op instanceof VnOp.Remove remove) {
      return lookup(remove.target()).map(target -> new VnOp.Remove(target, remove.cn()));
    }
    if (op instanceof VnOp.Rmdir rmdir) {
      return lookup(rmdir.target()).map(target -> new VnOp.Rmdir(target, rmdir.cn()));
    }
    if (op instanceof VnOp.Link link) {
      return lookup(link.target()).map(target -> new VnOp.Link(target, link.cn()));
    }
    if (op instanceof VnOp.Rename rename) {
      Optional<Cookie> source = lookup(rename.source());
      Optional<Cookie> targetDir = lookup(rename.targetDir());
      Optional<Cookie> target = lookup(rename.target());
      if (source.isEmpty() || targetDir.isEmpty() || target.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new VnOp.Rename(source.get(), rename.sourceName(), targetDir.get(), target.get(),
          rename.targetName()));
    }
    return Optional.of(op);
  }

  /** The node a successful reply names, if any. */
  public static Optional<Cookie> nodeOf(PuffsReply reply) {
    if (reply == null || !reply.rv().isOk()) {
      return Optional.empty();
    }
    OpReply body = reply.body();
    if (body instanceof OpReply.NewNode node && !node.cookie().isNone()) {
      return Optional.of(node.cookie());
    }
    if (body instanceof OpReply.NodeInfo info && !info.cookie().isNone()) {
      return Optional.of(info.cookie());
    }
    return Optional.empty();
  }
}
