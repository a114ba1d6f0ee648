package org.jpuffs.persistence.oplog;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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
  private final boolean identityForUnknown;

  /** A map that knows the root: {@code oldRoot} of the recording is {@code newRoot} of the new server. */
  public CookieMap(Cookie oldRoot, Cookie newRoot) {
    this.identityForUnknown = false;
    learn(oldRoot, newRoot);
  }

  private CookieMap(Map<Cookie, Cookie> known) {
    this.identityForUnknown = true;
    known.forEach(this::learn);
  }

  /**
   * The map for a server restored from a snapshot: it has every node the snapshotted server had, with that server's
   * cookies, so a cookie is {@code known}'s pair if it has one and itself otherwise.
   */
  public static CookieMap restored(Map<Cookie, Cookie> known) {
    return new CookieMap(known);
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

  /**
   * The new cookie for {@code oldCookie}, if the map knows it (a {@link #restored} map knows every cookie);
   * {@link Cookie#NONE} maps to itself.
   */
  public Optional<Cookie> lookup(Cookie oldCookie) {
    if (oldCookie.isNone()) {
      return Optional.of(Cookie.NONE);
    }
    Cookie known = oldToNew.get(oldCookie);
    return known != null || !identityForUnknown ? Optional.ofNullable(known) : Optional.of(oldCookie);
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
    return rewrite(recorded, this::lookup);
  }

  /** What the map knows, old cookie → new cookie (a copy). */
  public Map<Cookie, Cookie> asMap() {
    return Map.copyOf(oldToNew);
  }

  /**
   * {@code request} with every cookie it carries (the header's and those inside REMOVE, LINK, RENAME and RMDIR)
   * replaced by {@code map}, or empty if {@code map} knows one of them not.
   */
  public static Optional<PuffsRequest> rewrite(PuffsRequest request, Function<Cookie, Optional<Cookie>> map) {
    Optional<Cookie> cookie = map.apply(request.cookie());
    Optional<Op> op = rewrite(request.op(), map);
    if (cookie.isEmpty() || op.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PuffsRequest(request.id(), cookie.get(), request.cred(), request.pid(), request.faf(),
        op.get()));
  }

  private static Optional<Op> rewrite(Op op, Function<Cookie, Optional<Cookie>> map) {
    if (op instanceof VnOp.Remove remove) {
      return map.apply(remove.target()).map(target -> new VnOp.Remove(target, remove.cn()));
    }
    if (op instanceof VnOp.Rmdir rmdir) {
      return map.apply(rmdir.target()).map(target -> new VnOp.Rmdir(target, rmdir.cn()));
    }
    if (op instanceof VnOp.Link link) {
      return map.apply(link.target()).map(target -> new VnOp.Link(target, link.cn()));
    }
    if (op instanceof VnOp.Rename rename) {
      Optional<Cookie> source = map.apply(rename.source());
      Optional<Cookie> targetDir = map.apply(rename.targetDir());
      Optional<Cookie> target = map.apply(rename.target());
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
