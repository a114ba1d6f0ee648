package org.jpuffs.persistence.oplog;

import java.util.List;
import java.util.Objects;

/**
 * The user deleted these sessions ({@code jpuffs sessions --delete}). A journal deletes events only from the start of
 * a persistence id, so a session in the middle is marked deleted here and its events stay until every session before
 * them is deleted too; readers skip it from now on.
 *
 * @param version the format version ({@link #CURRENT_VERSION} when written by this build)
 * @param sessions the sessions deleted
 */
public record SessionsDeleted(int version, List<Long> sessions) implements OpLogEvent {

  /** The format this build writes. */
  public static final int CURRENT_VERSION = 1;

  public SessionsDeleted {
    sessions = List.copyOf(Objects.requireNonNull(sessions, "sessions"));
  }

  /** A deletion mark in the current format. */
  public static SessionsDeleted of(List<Long> sessions) {
    return new SessionsDeleted(CURRENT_VERSION, sessions);
  }

  @Override
  public long session() {
    return 0;
  }
}
