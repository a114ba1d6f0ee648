package org.jpuffs.engine.sop;

import java.util.Objects;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.FlushOp;

/**
 * A server-originated cache invalidation the engine accepted, as listeners see it (the FUSE bridge turns these into
 * kernel notifications, the NIO provider into watch events).
 *
 * @param mount the mount's name
 * @param op what was invalidated
 * @param cookie the node ({@link Cookie#NONE} for {@link FlushOp#INVAL_NAMECACHE_ALL})
 * @param start first byte (page-cache ops)
 * @param end end of the range, 0 = whole file (page-cache ops)
 */
public record Invalidation(String mount, FlushOp op, Cookie cookie, long start, long end) {
  public Invalidation {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(cookie, "cookie");
  }
}
