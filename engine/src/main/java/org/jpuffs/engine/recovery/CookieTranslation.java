package org.jpuffs.engine.recovery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.persistence.oplog.CookieMap;

/**
 * The engine keeps the cookies of the session's first server for good: node actors, client vnodes and the op log all
 * use them. After a replay the server has other cookies for the same nodes, so the server link translates every
 * request (engine → server) and every reply that names a node (server → engine). A node the new server makes later
 * keeps its server cookie on the engine side too, unless that value is already an engine cookie of another node; then
 * it gets a synthetic engine cookie. Identity until a replay teaches it pairs.
 *
 * <p>Not thread-safe: owned by one server link actor.
 */
public final class CookieTranslation {

  /** Synthetic engine cookies count up from here (values a 64-bit server is unlikely to hand out). */
  static final long SYNTHETIC_BASE = 0x7a70_0000_0000_0000L;

  private final Map<Cookie, Cookie> toServer = new HashMap<>();
  private final Map<Cookie, Cookie> toEngine = new HashMap<>();
  private long synthetic = SYNTHETIC_BASE;

  private CookieTranslation() {}

  /** No translation: the server's cookies are the engine's. */
  public static CookieTranslation identity() {
    return new CookieTranslation();
  }

  /** The translation a replay built: {@code engineToServer} as {@link CookieMap#asMap()} gives it. */
  public static CookieTranslation of(Map<Cookie, Cookie> engineToServer) {
    CookieTranslation translation = new CookieTranslation();
    engineToServer.forEach((engine, server) -> {
      if (!engine.equals(server)) {
        translation.pair(engine, server);
        // Synthetic cookies handed out before (a snapshot's map carries them) are not handed out again.
        if (engine.value() >= translation.synthetic) {
          translation.synthetic = engine.value() + 1;
        }
      }
    });
    return translation;
  }

  /** Every translated pair, engine cookie → server cookie (a copy). */
  public Map<Cookie, Cookie> engineToServer() {
    return Map.copyOf(toServer);
  }

  private void pair(Cookie engine, Cookie server) {
    toServer.put(engine, server);
    toEngine.put(server, engine);
  }

  /** {@code true} if nothing is translated. */
  public boolean isIdentity() {
    return toServer.isEmpty();
  }

  /** How many cookies are translated. */
  public int size() {
    return toServer.size();
  }

  /** The server's cookie for the engine's {@code cookie}. */
  public Cookie toServer(Cookie cookie) {
    return toServer.getOrDefault(cookie, cookie);
  }

  /** The engine's cookie for the server's {@code cookie}, allocating one if the server's value is taken. */
  public Cookie toEngine(Cookie cookie) {
    Cookie known = toEngine.get(cookie);
    if (known != null) {
      return known;
    }
    if (cookie.isNone() || !toServer.containsKey(cookie)) {
      return cookie;
    }
    Cookie fresh = new Cookie(synthetic++);
    pair(fresh, cookie);
    return fresh;
  }

  /** {@code request} (engine cookies) as the server must see it. */
  public PuffsRequest toServer(PuffsRequest request) {
    if (isIdentity()) {
      return request;
    }
    return CookieMap.rewrite(request, cookie -> Optional.of(toServer(cookie))).orElseThrow();
  }

  /** {@code reply} (server cookies) as the engine must see it. */
  public PuffsReply toEngine(PuffsReply reply) {
    if (isIdentity() || reply.body() == null) {
      return reply;
    }
    OpReply body = reply.body();
    if (body instanceof OpReply.NewNode node && !node.cookie().isNone()) {
      return new PuffsReply(reply.id(), reply.rv(), reply.setbacks(), new OpReply.NewNode(toEngine(node.cookie()),
          node.vtype(), node.size(), node.rdev(), node.va(), node.vaTtl(), node.cnTtl(), node.consume()));
    }
    if (body instanceof OpReply.NodeInfo info && !info.cookie().isNone()) {
      return new PuffsReply(reply.id(), reply.rv(), reply.setbacks(), new OpReply.NodeInfo(toEngine(info.cookie()),
          info.vtype(), info.size(), info.rdev()));
    }
    return reply;
  }
}
