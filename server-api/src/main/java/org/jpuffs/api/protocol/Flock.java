package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * An advisory byte-range lock ({@code struct flock}) as ADVLOCK carries it.
 *
 * @param type shared, exclusive or unlock
 * @param whence what {@code start} is relative to; the kernel has made it absolute ({@link Whence#SET}) before
 *     sending, except for a server-side {@code SEEK_END} when the server keeps the size
 * @param start first byte
 * @param len number of bytes; 0 means "to the end of the file and beyond"
 * @param pid the process holding or asking for the lock (filled in by GETLK replies)
 */
public record Flock(LockType type, Whence whence, long start, long len, int pid) implements PuffsSerializable {

  /** {@code l_type}. */
  public enum LockType {
    /** Shared (read) lock. */
    RDLCK,
    /** Exclusive (write) lock. */
    WRLCK,
    /** Unlock, or "no conflicting lock" in a GETLK answer. */
    UNLCK
  }

  /** {@code l_whence}. */
  public enum Whence {
    /** From the start of the file. */
    SET,
    /** From the current offset. */
    CUR,
    /** From the end of the file. */
    END
  }

  public Flock {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(whence, "whence");
  }

  /** The last byte covered, or {@link Long#MAX_VALUE} for a lock to the end of the file. */
  public long end() {
    return len == 0 ? Long.MAX_VALUE : start + len - 1;
  }
}
