package org.jpuffs.persistence.oplog;

import java.util.List;
import java.util.Objects;
import org.jpuffs.api.protocol.Cookie;

/**
 * A server wrote its whole state to a file in the data dir while the op log stood still at record {@code coveredSeq}
 * of {@code session}: restoring the file into a fresh server and replaying only the records after it gives the state
 * the session had. Journaled in {@code oplog|NAME} once the file is durable.
 *
 * @param version the format version of this event ({@link #CURRENT_VERSION} when written by this build)
 * @param session the mount session
 * @param file the snapshot file's name, relative to the mount's snapshot directory
 * @param coveredSeq the last op-log record whose effect the snapshot holds
 * @param size the file's length in bytes
 * @param crc32 the CRC-32 of the file's bytes, checked before a restore
 * @param cookies the engine → server cookies in force when the snapshot was taken, where they differ: a restored
 *     server has the snapshotted server's cookies, so this is the cookie map after a restore
 */
public record ServerSnapshotTaken(int version, long session, String file, long coveredSeq, long size, long crc32,
    List<CookiePair> cookies) implements OpLogEvent {

  /** The format this build writes. */
  public static final int CURRENT_VERSION = 1;

  public ServerSnapshotTaken {
    Objects.requireNonNull(file, "file");
    cookies = List.copyOf(Objects.requireNonNull(cookies, "cookies"));
    if (session < 1) {
      throw new IllegalArgumentException("sessions are numbered from 1, not " + session);
    }
    if (coveredSeq < 0 || size < 0) {
      throw new IllegalArgumentException("negative coveredSeq or size: " + coveredSeq + ", " + size);
    }
  }

  /**
   * One engine cookie and the snapshotted server's cookie for the same node.
   *
   * @param engine the engine's cookie
   * @param server the server's
   */
  public record CookiePair(Cookie engine, Cookie server) {
    public CookiePair {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(server, "server");
    }
  }
}
