package org.jpuffs.api.server;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;

/**
 * What a server op knows about its request beyond its own arguments: who asked, and a place to leave setbacks
 * ({@code puffs_setback}). One context per request; it is thread-safe because an async op may complete on any thread.
 */
public final class RequestContext {

  private final Cred cred;
  private final int pid;
  private final long requestId;
  private final boolean faf;
  private final AtomicInteger setbacks = new AtomicInteger();

  private RequestContext(Cred cred, int pid, long requestId, boolean faf) {
    this.cred = Objects.requireNonNull(cred, "cred");
    this.pid = pid;
    this.requestId = requestId;
    this.faf = faf;
  }

  /** The context of a request the runtime serves. */
  static RequestContext of(PuffsRequest request) {
    return new RequestContext(request.cred(), request.pid(), request.id(), request.faf());
  }

  /**
   * A context for calling a server directly, outside a runtime (tests, tools, benchmarks): a request from
   * {@code cred} with no process and no id.
   */
  public static RequestContext of(Cred cred) {
    return new RequestContext(cred, 0, 0, false);
  }

  /** The caller's credentials. */
  public Cred cred() {
    return cred;
  }

  /** The calling process, 0 if unknown. */
  public int pid() {
    return pid;
  }

  /** The request id (0 for fire-and-forget and direct calls). */
  public long requestId() {
    return requestId;
  }

  /** {@code true} if the engine expects no reply. */
  public boolean isFaf() {
    return faf;
  }

  /**
   * Asks the engine for something about this op's nodes ({@code puffs_setback}): {@link Setbacks#INACT_N1} and friends.
   * Bits outside {@link Setbacks#MASK} are rejected.
   */
  public void setback(int bits) {
    if ((bits & ~Setbacks.MASK) != 0) {
      throw new IllegalArgumentException("not a setback: 0x" + Integer.toHexString(bits));
    }
    setbacks.accumulateAndGet(bits, (a, b) -> a | b);
  }

  /** The setbacks set so far. */
  public int setbacks() {
    return setbacks.get();
  }
}
