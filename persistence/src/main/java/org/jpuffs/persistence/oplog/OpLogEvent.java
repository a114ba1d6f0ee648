package org.jpuffs.persistence.oplog;

import org.jpuffs.persistence.JournalSerializable;

/**
 * What the op log {@code oplog|NAME} journals: the records in group-commit batches ({@link OpBatch}), the server
 * snapshots taken ({@link ServerSnapshotTaken}), and the marks that make a recording a session one can list and
 * replay — when it began and on which root ({@link SessionStarted}), when it ended and the tree it left
 * ({@link SessionEnded}) — and the sessions a user pruned ({@link SessionsDeleted}).
 */
public sealed interface OpLogEvent extends JournalSerializable
    permits OpBatch, ServerSnapshotTaken, SessionStarted, SessionEnded, SessionsDeleted {

  /** The session the event belongs to; 0 for an event about several ({@link SessionsDeleted}). */
  long session();
}
