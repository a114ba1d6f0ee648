package org.jpuffs.engine.node.cache;

import java.util.Objects;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.Vattr;

/**
 * The local changes of a node's times and size that the server has not heard of yet (puffs'
 * {@code PNODE_METACACHE_ATIME/CTIME/MTIME/SIZE} with {@code pn_mc_*}): reads stamp the atime, writes the mtime and
 * ctime and, when they grow the file past what the server knows, the size. They overlay every attribute answer and
 * go to the server as one SETATTR at fsync or inactive. Unset fields are {@link Timespec#VNOVAL} and
 * {@link Vattr#VNOVAL}.
 *
 * @param atime the last local access, or VNOVAL
 * @param mtime the last local modification, or VNOVAL
 * @param ctime the last local status change, or VNOVAL
 * @param size the file's size with writes the server has not seen, or VNOVAL
 */
public record MetadataChanges(Timespec atime, Timespec mtime, Timespec ctime, long size) {
  /** No local changes. */
  public static final MetadataChanges NONE =
      new MetadataChanges(Timespec.VNOVAL, Timespec.VNOVAL, Timespec.VNOVAL, Vattr.VNOVAL);

  public MetadataChanges {
    Objects.requireNonNull(atime, "atime");
    Objects.requireNonNull(mtime, "mtime");
    Objects.requireNonNull(ctime, "ctime");
  }

  /** {@code true} if nothing changed locally. */
  public boolean isEmpty() {
    return !set(atime) && !set(mtime) && !set(ctime) && !Vattr.isSet(size);
  }

  /** A write at {@code now}: mtime and ctime; and {@code size} if it is set (the write grew the file). */
  public MetadataChanges written(Timespec now, long size) {
    return new MetadataChanges(atime, now, now, Vattr.isSet(size) ? size : this.size);
  }

  /** These changes with {@code size} (VNOVAL: the server knows the size). */
  public MetadataChanges withSize(long size) {
    return canonical(new MetadataChanges(atime, mtime, ctime, size));
  }

  /** These changes with the access time {@code atime}. */
  public MetadataChanges withAtime(Timespec atime) {
    return new MetadataChanges(atime, mtime, ctime, size);
  }

  /** {@code va} as the node is locally: the changed fields replace the server's ({@code update_va}). */
  public Vattr overlay(Vattr va) {
    if (isEmpty()) {
      return va;
    }
    Vattr.Builder b = va.toBuilder();
    if (set(atime)) {
      b.atime(atime);
    }
    if (set(mtime)) {
      b.mtime(mtime);
    }
    if (set(ctime)) {
      b.ctime(ctime);
    }
    if (Vattr.isSet(size)) {
      b.size(size);
    }
    return b.build();
  }

  /** The SETATTR that tells the server of these changes. */
  public Vattr asSetattr() {
    return overlay(Vattr.NULL);
  }

  /**
   * A client's SETATTR {@code va} with the local times folded in where it sets none (dosetattr): a time the client
   * sets explicitly wins. The size is not folded: the dirty pages are pushed before every SETATTR, and a size in a
   * SETATTR is a truncation.
   */
  public Vattr foldedInto(Vattr va) {
    Vattr.Builder b = va.toBuilder();
    if (set(atime) && va.atime().equals(Timespec.VNOVAL)) {
      b.atime(atime);
    }
    if (set(mtime) && va.mtime().equals(Timespec.VNOVAL)) {
      b.mtime(mtime);
    }
    if (set(ctime) && va.ctime().equals(Timespec.VNOVAL)) {
      b.ctime(ctime);
    }
    return b.build();
  }

  /** What is left once the server has taken {@code sent}: fields still as they were sent are gone. */
  public MetadataChanges without(MetadataChanges sent) {
    return canonical(new MetadataChanges(atime.equals(sent.atime) ? Timespec.VNOVAL : atime,
        mtime.equals(sent.mtime) ? Timespec.VNOVAL : mtime, ctime.equals(sent.ctime) ? Timespec.VNOVAL : ctime,
        size == sent.size ? Vattr.VNOVAL : size));
  }

  /** What is left once a client's SETATTR {@code va} set fields explicitly: those are the client's now. */
  public MetadataChanges overriddenBy(Vattr va) {
    return canonical(new MetadataChanges(va.atime().equals(Timespec.VNOVAL) ? atime : Timespec.VNOVAL,
        va.mtime().equals(Timespec.VNOVAL) ? mtime : Timespec.VNOVAL,
        va.ctime().equals(Timespec.VNOVAL) ? ctime : Timespec.VNOVAL,
        Vattr.isSet(va.size()) ? Vattr.VNOVAL : size));
  }

  /** {@link #NONE} itself for no changes, so that readers can tell "none" by identity. */
  private static MetadataChanges canonical(MetadataChanges changes) {
    return changes.isEmpty() ? NONE : changes;
  }

  /** A wall-clock time in nanoseconds since the epoch as a timespec. */
  public static Timespec timeOf(long epochNanos) {
    return new Timespec(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  /** The nanoseconds since the epoch of an ordinary timespec. */
  static long nanosOf(Timespec time) {
    return time.sec() * 1_000_000_000L + time.nsec();
  }

  private static boolean set(Timespec time) {
    return !time.equals(Timespec.VNOVAL);
  }
}
