package org.jpuffs.persistence;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.persistence.oplog.StateSummary;

/**
 * One recorded session of a mount (DESIGN.md, "Sessions"): what {@code jpuffs sessions} lists and what a replay
 * needs besides the op log.
 *
 * @param mount the mount's name
 * @param session the session's number (from 1 per name)
 * @param start when the session began (mount or restore)
 * @param end when it ended (unmount); empty for a session that is still open or ended in a crash
 * @param ops how many op-log records it has
 * @param recordLevel the record level it ran at: {@code none}, {@code mutations} or {@code full}
 * @param rootCookie the root cookie of the server it ran against (the cookie map starts from it)
 * @param finalState the tree it left, recorded at unmount at level {@code full}
 */
public record SessionInfo(String mount, long session, Instant start, Optional<Instant> end, long ops,
    String recordLevel, Cookie rootCookie, Optional<StateSummary> finalState) {

  public SessionInfo {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(recordLevel, "recordLevel");
    Objects.requireNonNull(rootCookie, "rootCookie");
    Objects.requireNonNull(finalState, "finalState");
    if (session < 1) {
      throw new IllegalArgumentException("sessions are numbered from 1, not " + session);
    }
  }

  /** The line {@code jpuffs sessions} prints: {@code NAME SESSION START END OPS RECORD-LEVEL} ({@code -} for no end). */
  public String line() {
    return mount + " " + session + " " + start + " " + end.map(Instant::toString).orElse("-") + " " + ops + " "
        + recordLevel;
  }
}
