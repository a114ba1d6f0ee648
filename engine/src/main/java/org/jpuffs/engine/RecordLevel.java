package org.jpuffs.engine;

/** How much of a mount's message stream is journaled (DESIGN.md, "Record levels"; the persistence issue acts on it). */
public enum RecordLevel {
  /** Lifecycle events only; a memfs mount at this level cannot be recovered. */
  NONE,
  /** Every state-changing request with its reply, and the node discoveries needed to remap cookies. */
  MUTATIONS,
  /** Every request and reply with timestamps: a session that can be replayed. */
  FULL
}
