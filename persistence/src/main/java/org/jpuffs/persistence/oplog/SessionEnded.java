package org.jpuffs.persistence.oplog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A session of the mount ended with an unmount. At record level {@code full} it carries the tree the session left,
 * so a replay can compare its own final state (DESIGN.md, "Sessions").
 *
 * @param version the format version ({@link #CURRENT_VERSION} when written by this build)
 * @param session the session's number
 * @param at when it ended (wall clock)
 * @param finalState the server's tree at unmount, or null when it was not captured (record level below
 *     {@code full}, no server attached, or the capture failed)
 */
public record SessionEnded(int version, long session, Instant at, StateSummary finalState) implements OpLogEvent {

  /** The format this build writes. */
  public static final int CURRENT_VERSION = 1;

  public SessionEnded {
    Objects.requireNonNull(at, "at");
    if (session < 1) {
      throw new IllegalArgumentException("sessions are numbered from 1, not " + session);
    }
  }

  /** An end mark in the current format. */
  public static SessionEnded of(long session, Instant at, Optional<StateSummary> finalState) {
    return new SessionEnded(CURRENT_VERSION, session, at, finalState.orElse(null));
  }

  /** The final state, if it was captured. */
  public Optional<StateSummary> summary() {
    return Optional.ofNullable(finalState);
  }
}
