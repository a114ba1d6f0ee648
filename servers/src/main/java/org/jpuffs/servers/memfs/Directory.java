package org.jpuffs.servers.memfs;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.VType;

/**
 * The entries of one directory. Each entry gets a sequence number when it is inserted, increasing per directory and
 * never reused; a READDIR offset is "continue at sequence number N", so an offset stays valid however the directory
 * changes between calls: entries present throughout are returned exactly once, in insertion order. Offsets 0, 1 and
 * 2 are "." , ".." and "after ..", so the first real entry is {@value #FIRST_SEQ}.
 *
 * <p>Not thread-safe: guarded by the tree lock of {@link MemFs} (read for lookups and listings, write for changes).
 */
final class Directory {
  /** Offset of ".". */
  static final long DOT = 0;
  /** Offset of "..". */
  static final long DOTDOT = 1;
  /** Sequence number of the first real entry, also the offset after "..". */
  static final long FIRST_SEQ = 2;
  /** Record lengths of "." and "..", which every directory's size includes. */
  private static final long DOTS_SIZE = new DirEntry(0, ".", VType.VDIR).recordLength()
      + new DirEntry(0, "..", VType.VDIR).recordLength();

  /** One name in this directory. */
  record Entry(String name, Node node, long seq) {}

  private final Map<String, Entry> byName = new HashMap<>();
  private final TreeMap<Long, Entry> bySeq = new TreeMap<>();
  private long nextSeq = FIRST_SEQ;
  private long recordBytes;
  private Node parent;

  /** The directory ".." names: itself for the root, null once removed. */
  Node parent() {
    return parent;
  }

  void setParent(Node parent) {
    this.parent = parent;
  }

  Entry get(String name) {
    return byName.get(name);
  }

  boolean isEmpty() {
    return byName.isEmpty();
  }

  int count() {
    return byName.size();
  }

  /** Adds {@code name} for {@code node} at the end of the listing order. The name must be free. */
  Entry add(String name, Node node) {
    return put(new Entry(name, node, nextSeq++));
  }

  /** Snapshot restore: an entry with the sequence number it had. */
  void restore(String name, Node node, long seq) {
    put(new Entry(name, node, seq));
  }

  /** Removes {@code name}; returns the entry it was, or null. */
  Entry remove(String name) {
    Entry e = byName.remove(name);
    if (e != null) {
      bySeq.remove(e.seq());
      recordBytes -= recordLength(e);
    }
    return e;
  }

  /** The entries from sequence number {@code seq} on, in order. */
  Collection<Entry> from(long seq) {
    return bySeq.tailMap(seq, true).values();
  }

  /** All entries in listing order. */
  Collection<Entry> entries() {
    return bySeq.values();
  }

  long nextSeq() {
    return nextSeq;
  }

  /** Snapshot restore: the next sequence number as it was, so old offsets keep their meaning. */
  void restoreNextSeq(long nextSeq) {
    this.nextSeq = nextSeq;
  }

  /** The directory's size: the READDIR record lengths of its entries, "." and ".." included. */
  long size() {
    return DOTS_SIZE + recordBytes;
  }

  private Entry put(Entry e) {
    byName.put(e.name(), e);
    bySeq.put(e.seq(), e);
    recordBytes += recordLength(e);
    nextSeq = Math.max(nextSeq, e.seq() + 1);
    return e;
  }

  private static long recordLength(Entry e) {
    return new DirEntry(0, e.name(), VType.VNON).recordLength();
  }
}
