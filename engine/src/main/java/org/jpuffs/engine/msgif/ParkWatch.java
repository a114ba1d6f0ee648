package org.jpuffs.engine.msgif;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which requests of a mount the server link holds back (parked while the mount recovers, or while a server snapshot
 * is taken), so that their callers do not time them out meanwhile: a parked request gets its request timeout only once
 * it is re-sent; until then the recovery deadline governs it. Shared by the link (which parks and re-sends) and every
 * actor waiting on requests ({@link PendingRequests}), so it is thread-safe; it holds only requests that were parked.
 */
public final class ParkWatch {

  private static final Runnable NOBODY_WAITING = () -> { };

  /** Parked requests, each with what to run when it is re-sent (a caller whose timer ran out meanwhile). */
  private final ConcurrentHashMap<Long, Runnable> parked = new ConcurrentHashMap<>();
  /** Requests re-sent after parking whose caller has not looked yet. */
  private final Set<Long> resent = ConcurrentHashMap.newKeySet();

  /** The link parks request {@code id}. */
  public void parked(long id) {
    parked.put(id, NOBODY_WAITING);
  }

  /** The link re-sends parked request {@code id}: a caller that waited on it starts its timeout again. */
  public void resent(long id) {
    // Marked re-sent before it stops being parked, so a caller looking in between sees one or the other.
    resent.add(id);
    Runnable waiting = parked.remove(id);
    if (waiting != null) {
      waiting.run();
    }
  }

  /** Parked request {@code id} was answered without being sent (the mount gave up). */
  public void dropped(long id) {
    parked.remove(id);
  }

  /**
   * A caller's timer for {@code id} ran out: if the request is parked, {@code onResend} runs when it is re-sent and
   * {@code true} is returned (the caller does not time it out); otherwise {@code false}.
   */
  public boolean deferIfParked(long id, Runnable onResend) {
    return parked.computeIfPresent(id, (key, nobody) -> onResend) != null;
  }

  /** {@code true}, once, if {@code id} was re-sent after parking since the caller last looked. */
  public boolean takeResent(long id) {
    return !resent.isEmpty() && resent.remove(id);
  }

  /** The caller is done with {@code id}. */
  public void forget(long id) {
    if (!resent.isEmpty()) {
      resent.remove(id);
    }
  }

  /** How many requests are parked (for tests and status). */
  public int parkedCount() {
    return parked.size();
  }
}
