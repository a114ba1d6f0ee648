package org.jpuffs.api.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * A server-originated operation ("sop"): what a server asks of the engine. The engine's sop actor handles it and
 * answers with a {@link SopReply}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@sop")
public sealed interface SopOp extends PuffsSerializable {

  /** The message's opclass. */
  OpClass opclass();

  /**
   * PUFFSOP_FLUSH ({@code struct puffs_flush}): invalidate or flush the engine's caches.
   *
   * @param op what to do
   * @param cookie the node ({@link Cookie#NONE} for {@link FlushOp#INVAL_NAMECACHE_ALL})
   * @param start first byte of the range (page-cache ops)
   * @param end end of the range; 0 = the whole file (page-cache ops)
   */
  record Flush(FlushOp op, Cookie cookie, long start, long end) implements SopOp {
    public Flush {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(cookie, "cookie");
    }

    @Override
    public OpClass opclass() {
      return OpClass.FLUSH;
    }
  }

  /** PUFFSOP_UNMOUNT: the server asks to be unmounted; the engine answers 0 and unmounts with force. */
  record Unmount() implements SopOp {
    @Override
    public OpClass opclass() {
      return OpClass.UNMOUNT;
    }
  }

  /**
   * PUFFSOP_SUSPEND: the server asks for a suspension status change.
   *
   * @param status a {@link VfsOp.Suspend} status
   */
  record Suspend(int status) implements SopOp {
    @Override
    public OpClass opclass() {
      return OpClass.SUSPEND;
    }
  }
}
