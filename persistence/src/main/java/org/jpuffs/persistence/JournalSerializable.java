package org.jpuffs.persistence;

/**
 * Marker for everything jpuffs writes to its journal and snapshot store: events, op-log batches, snapshots. Bound to
 * Jackson CBOR in this module's {@code reference.conf}; every implementation is a versioned record, so a journal
 * written by an older build stays readable.
 */
public interface JournalSerializable {}
