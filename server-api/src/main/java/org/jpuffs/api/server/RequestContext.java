package org.jpuffs.api.server;

import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;

/**
 * What a server op knows about its request beyond its own arguments: who asked, and a place to leave setbacks
 * ({@code puffs_setback}). One context per request; it is thread-safe because an async op may complete on any thread.
 */
public final class RequestContext {

  private final PuffsRequest request;
  private final AtomicInteger setbacks = new AtomicInteger();

  RequestContext(PuffsRequest request) {
    this.request = request;
  }

  /** A context for calling a server directly, outside a runtime (tests, tools, benchmarks). */
  public static RequestContext of(PuffsRequest request) {
    return new RequestContext(request);
  }

  /** The caller's credentials. */
  public Cred cred() {
    return request.cred();
  }

  /** The calling process, 0 if unknown. */
  public int pid() {
    return request.pid();
  }

  /** The request id (0 for fire-and-forget). */
  public long requestId() {
    return request.id();
  }

  /** {@code true} if the engine expects no reply. */
  public boolean isFaf() {
    return request.faf();
  }

  /** The whole request, for servers that log or forward it. */
  public PuffsRequest request() {
    return request;
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
