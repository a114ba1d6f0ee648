package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * A server's reply to a {@link PuffsRequest} that wanted one: the request's id, the errno ({@code preq_rv}), the
 * setbacks, and the op's reply fields. The engine matches replies to requests by id, so replies may come in any
 * order.
 *
 * @param id the request's id
 * @param rv the errno; {@link Errno#OK} for success. Any int may arrive here; the engine's {@code checkerr} vets it
 * @param setbacks {@link Setbacks} bits
 * @param body the op's reply fields when {@code rv} is OK; {@link OpReply.None} otherwise
 */
public record PuffsReply(long id, Errno rv, int setbacks, OpReply body) implements PuffsSerializable {

  public PuffsReply {
    Objects.requireNonNull(rv, "rv");
    Objects.requireNonNull(body, "body");
  }

  /** A successful reply. */
  public static PuffsReply ok(long id, OpReply body) {
    return new PuffsReply(id, Errno.OK, 0, body);
  }

  /** A failed reply. */
  public static PuffsReply error(long id, Errno rv) {
    return new PuffsReply(id, rv, 0, OpReply.None.INSTANCE);
  }

  /** This reply with {@code setbacks} added. */
  public PuffsReply withSetbacks(int setbacks) {
    return new PuffsReply(id, rv, this.setbacks | setbacks, body);
  }

  /** {@code true} if the server reported success. */
  public boolean isOk() {
    return rv.isOk();
  }
}
