package org.jpuffs.api.protocol;

import java.time.Duration;
import java.time.Instant;

/**
 * A {@code struct timespec}: seconds and nanoseconds. Used for vattr times and for the TTLs of
 * {@code KFLAG_CACHE_FS_TTL} mounts.
 *
 * <p>Three special values: {@link #VNOVAL} ("not set", what {@code vattr_null} writes), and in a SETATTR request the
 * Linux {@code utimensat} markers {@link #NOW} (set to the server's current time) and {@link #OMIT} (leave as is).
 *
 * @param sec seconds since the epoch (or a duration in seconds for a TTL)
 * @param nsec nanoseconds, 0..999,999,999 for ordinary values
 */
public record Timespec(long sec, long nsec) implements PuffsSerializable {

  /** {@code UTIME_NOW} of Linux: the nanosecond field that means "now". */
  public static final long UTIME_NOW = (1L << 30) - 1;
  /** {@code UTIME_OMIT} of Linux: the nanosecond field that means "leave unchanged". */
  public static final long UTIME_OMIT = (1L << 30) - 2;

  /** Not set ({@code tv_sec = tv_nsec = VNOVAL}). */
  public static final Timespec VNOVAL = new Timespec(Vattr.VNOVAL, Vattr.VNOVAL);
  /** Set to the current time (SETATTR only). */
  public static final Timespec NOW = new Timespec(0, UTIME_NOW);
  /** Leave unchanged (SETATTR only). */
  public static final Timespec OMIT = new Timespec(0, UTIME_OMIT);
  /** Zero; as a TTL it means "not given". */
  public static final Timespec ZERO = new Timespec(0, 0);

  /** {@code true} unless this is {@link #VNOVAL} or {@link #OMIT}: the field carries a change or a value. */
  public boolean isSet() {
    return !equals(VNOVAL) && !equals(OMIT);
  }

  /** {@code true} for {@link #NOW}. */
  public boolean isNow() {
    return nsec == UTIME_NOW;
  }

  /** A timespec for an instant. */
  public static Timespec of(Instant instant) {
    return new Timespec(instant.getEpochSecond(), instant.getNano());
  }

  /** A timespec for a duration (a TTL). */
  public static Timespec of(Duration duration) {
    return new Timespec(duration.getSeconds(), duration.getNano());
  }

  /** This value as an instant; only meaningful for ordinary values. */
  public Instant toInstant() {
    return Instant.ofEpochSecond(sec, nsec);
  }

  /** This value as a duration (a TTL); only meaningful for ordinary values. */
  public Duration toDuration() {
    return Duration.ofSeconds(sec, nsec);
  }

  @Override
  public String toString() {
    if (equals(VNOVAL)) {
      return "VNOVAL";
    }
    if (isNow()) {
      return "NOW";
    }
    if (nsec == UTIME_OMIT) {
      return "OMIT";
    }
    return sec + "." + String.format("%09d", nsec);
  }
}
