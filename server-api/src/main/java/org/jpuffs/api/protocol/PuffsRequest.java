package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * A message from the engine to a server: the common header of {@code struct puffs_req} around an {@link Op}.
 *
 * <p>The opclass and optype of the header are those of the op, so they cannot disagree with it. A request that wants
 * a reply has an id unique within its mount (the engine counts from 1); a fire-and-forget request has id 0 and gets
 * no reply, exactly as in puffs.
 *
 * @param id the request id; 0 exactly when {@code faf}
 * @param cookie the node the op targets ({@link Cookie#NONE} for most VFS ops)
 * @param cred the caller's credentials
 * @param pid the calling process ({@code preq_pid}; 0 if unknown)
 * @param faf fire and forget: the server must not reply
 * @param op the op and its own fields
 */
public record PuffsRequest(long id, Cookie cookie, Cred cred, int pid, boolean faf, Op op)
    implements PuffsSerializable {

  public PuffsRequest {
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(cred, "cred");
    Objects.requireNonNull(op, "op");
    if (faf != (id == 0)) {
      throw new IllegalArgumentException(
          faf ? "a fire-and-forget request has id 0, not " + id : "a request that wants a reply needs an id > 0");
    }
    if (op.alwaysFaf() && !faf) {
      throw new IllegalArgumentException(op.opName() + " is always fire-and-forget");
    }
  }

  /** A request that wants a reply. */
  public static PuffsRequest of(long id, Cookie cookie, Cred cred, int pid, Op op) {
    return new PuffsRequest(id, cookie, cred, pid, false, op);
  }

  /** A fire-and-forget request. */
  public static PuffsRequest faf(Cookie cookie, Cred cred, int pid, Op op) {
    return new PuffsRequest(0, cookie, cred, pid, true, op);
  }

  /** The header's opclass. */
  public OpClass opclass() {
    return op.opclass();
  }

  /** The header's optype. */
  public int optype() {
    return op.optype();
  }

  /** {@code PUFFSOP_WANTREPLY}. */
  public boolean wantsReply() {
    return !faf;
  }

  /** The header's {@code preq_opclass} as puffs encodes it: the class with the FAF flag. */
  public int opclassWord() {
    return op.opclass().code() | (faf ? OpClass.FLAG_FAF : 0);
  }

  @Override
  public String toString() {
    return "#" + id + " " + op.opName() + " " + cookie + (faf ? " FAF" : "") + " " + op;
  }
}
