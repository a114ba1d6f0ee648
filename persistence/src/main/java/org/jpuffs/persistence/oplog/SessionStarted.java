package org.jpuffs.persistence.oplog;

import java.time.Instant;
import java.util.Objects;
import org.jpuffs.api.protocol.Cookie;

/**
 * A session of the mount began (VFS_MOUNT was journaled): journaled before any of its records.
 *
 * @param version the format version ({@link #CURRENT_VERSION} when written by this build)
 * @param session the session's number
 * @param at when it began (wall clock)
 * @param recordLevel the record level it runs at: {@code none}, {@code mutations} or {@code full}
 * @param rootCookie the root cookie the engine uses for the session (a replay's cookie map starts from it)
 */
public record SessionStarted(int version, long session, Instant at, String recordLevel, Cookie rootCookie)
    implements OpLogEvent {

  /** The format this build writes. */
  public static final int CURRENT_VERSION = 1;

  public SessionStarted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(recordLevel, "recordLevel");
    Objects.requireNonNull(rootCookie, "rootCookie");
    if (session < 1) {
      throw new IllegalArgumentException("sessions are numbered from 1, not " + session);
    }
  }

  /** A start mark in the current format. */
  public static SessionStarted of(long session, Instant at, String recordLevel, Cookie rootCookie) {
    return new SessionStarted(CURRENT_VERSION, session, at, recordLevel, rootCookie);
  }
}
