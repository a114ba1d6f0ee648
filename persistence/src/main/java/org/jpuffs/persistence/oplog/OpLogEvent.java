package org.jpuffs.persistence.oplog;

import org.jpuffs.persistence.JournalSerializable;

/** What the op log ({@code oplog|NAME}) journals: group commits of records, and the server snapshots taken. */
public sealed interface OpLogEvent extends JournalSerializable permits OpBatch, ServerSnapshotTaken {

  /** The mount session the event belongs to. */
  long session();
}
