package org.jpuffs.persistence.oplog;

import java.util.List;
import java.util.Objects;

/**
 * One group commit of the op log: the event journaled under persistence id {@code oplog|NAME}. Every record that
 * arrived while the previous write was in flight travels in one batch, so the journal costs one write (and one fsync)
 * per batch, not per op.
 *
 * @param version the format version of this event ({@link #CURRENT_VERSION} when written by this build)
 * @param session the mount session the records belong to (sessions are numbered per mount name from 1)
 * @param records the records, in {@code seq} order
 */
public record OpBatch(int version, long session, List<OpRecord> records) implements OpLogEvent {

  /** The format this build writes. */
  public static final int CURRENT_VERSION = 1;

  public OpBatch {
    Objects.requireNonNull(records, "records");
    records = List.copyOf(records);
    if (session < 1) {
      throw new IllegalArgumentException("sessions are numbered from 1, not " + session);
    }
  }

  /** A batch in the current format. */
  public static OpBatch of(long session, List<OpRecord> records) {
    return new OpBatch(CURRENT_VERSION, session, records);
  }
}
