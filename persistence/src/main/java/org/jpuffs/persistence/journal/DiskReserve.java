package org.jpuffs.persistence.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the journal off a full disk. leveldbjni 1.8 writes its log and tables through {@code mmap}; when the data
 * dir's file system has no space left, the store into a mapped page raises SIGBUS and the whole JVM dies (measured
 * on ext4 and tmpfs, docs/recovery.md "A full disk"). LevelDB never gets to return an error. So the engine refuses a
 * request the journal would have to take, with ENOSPC, while the file system has less than a reserve free, before the
 * request reaches the server or LevelDB, and accepts such requests again as soon as space is freed. The reserve is
 * room for what is written anyway: lifecycle events, LevelDB's compactions, the records of requests already under way.
 *
 * <p>The free space is read with {@code statvfs} at most once every {@value #RECHECK_MILLIS} ms, so the check costs
 * a volatile read per request; in that time the journal writes far less than a sensible reserve. Shared by every
 * mount of an engine; thread-safe (two threads re-reading at once both store a correct reading).
 */
public final class DiskReserve {

  /** How long a reading of the free space is trusted. */
  public static final long RECHECK_MILLIS = 10;

  private static final DiskReserve NONE = new DiskReserve(0, () -> Long.MAX_VALUE, System::nanoTime);

  private final long reserveBytes;
  private final LongSupplier usableSpace;
  private final LongSupplier nanoClock;
  private volatile long usableBytes = Long.MAX_VALUE;
  private volatile long readAtNanos;
  private volatile boolean read;

  private DiskReserve(long reserveBytes, LongSupplier usableSpace, LongSupplier nanoClock) {
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("journal-reserve must not be negative, not " + reserveBytes);
    }
    this.reserveBytes = reserveBytes;
    this.usableSpace = Objects.requireNonNull(usableSpace, "usableSpace");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** A reserve that is never exhausted: for a journal that does not write to disk. */
  public static DiskReserve none() {
    return NONE;
  }

  /**
   * The reserve {@code settings} ask for on the file system of their data dir (which must exist); none for the
   * in-memory journal or a reserve of 0.
   */
  public static DiskReserve of(JournalSettings settings) {
    if (settings.kind() != JournalSettings.Kind.LEVELDB || settings.reserveBytes() == 0) {
      return NONE;
    }
    Path dataDir = settings.dataDir();
    FileStore store;
    try {
      store = Files.getFileStore(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find the file system of the data dir " + dataDir, e);
    }
    return watching(settings.reserveBytes(), () -> usableSpaceOf(store, dataDir), System::nanoTime);
  }

  /**
   * A reserve of {@code reserveBytes} against the free space {@code usableSpace} reports, re-read when
   * {@value #RECHECK_MILLIS} ms of {@code nanoClock} have passed (tests give both).
   */
  public static DiskReserve watching(long reserveBytes, LongSupplier usableSpace, LongSupplier nanoClock) {
    return new DiskReserve(reserveBytes, usableSpace, nanoClock);
  }

  private static long usableSpaceOf(FileStore store, Path dataDir) {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the free space of " + dataDir, e);
    }
  }

  /**
   * Whether the file system has less than the reserve free (as last read). A reading that fails counts as enough
   * space: the journal's own write then reports the problem.
   */
  public boolean exhausted() {
    if (reserveBytes == 0) {
      return false;
    }
    long now = nanoClock.getAsLong();
    if (!read || now - readAtNanos >= TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS)) {
      long usable;
      try {
        usable = usableSpace.getAsLong();
      } catch (UncheckedIOException e) {
        usable = Long.MAX_VALUE;
      }
      usableBytes = usable;
      readAtNanos = now;
      read = true;
    }
    return usableBytes < reserveBytes;
  }

  /** The free space last read, in bytes ({@link Long#MAX_VALUE} before the first reading or without a reserve). */
  public long usableBytes() {
    return usableBytes;
  }

  /** The reserve, in bytes; 0 = none. */
  public long reserveBytes() {
    return reserveBytes;
  }

  @Override
  public String toString() {
    return reserveBytes == 0 ? "no disk reserve"
        : "a disk reserve of " + reserveBytes + " bytes (" + (read ? usableBytes + " free when last read" : "unread")
            + ")";
  }
}
