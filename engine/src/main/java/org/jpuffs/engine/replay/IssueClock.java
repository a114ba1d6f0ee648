package org.jpuffs.engine.replay;

import java.util.Optional;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * The schedule of a {@code --timing original} replay and how well it was kept. The first record handed to
 * {@link #scheduled} fixes the origin: a record issued {@code d} nanoseconds after it in the recording is due
 * {@code d / speed} nanoseconds after the replay started it. Thread-safe.
 */
final class IssueClock {

  private final double speed;
  private boolean started;
  private long recordedOrigin;
  private long replayOrigin;
  private long firstScheduled = Long.MAX_VALUE;
  private long lastScheduled = Long.MIN_VALUE;
  private long firstIssued = Long.MAX_VALUE;
  private long lastIssued = Long.MIN_VALUE;
  private long issues;
  private double lagSum;
  private long maxLag;

  IssueClock(double speed) {
    this.speed = speed;
  }

  /** When {@code record} is due, on the {@link System#nanoTime()} clock. */
  synchronized long scheduled(OpRecord record) {
    if (!started) {
      started = true;
      recordedOrigin = record.issuedNanos();
      replayOrigin = System.nanoTime();
    }
    long due = replayOrigin + Math.round((record.issuedNanos() - recordedOrigin) / speed);
    firstScheduled = Math.min(firstScheduled, due);
    lastScheduled = Math.max(lastScheduled, due);
    return due;
  }

  /** An op due at {@code scheduled} is being sent now. */
  synchronized void issued(long scheduled) {
    long now = System.nanoTime();
    firstIssued = Math.min(firstIssued, now);
    lastIssued = Math.max(lastIssued, now);
    long lag = now - scheduled;
    lagSum += lag;
    maxLag = Math.max(maxLag, lag);
    issues++;
  }

  /** How well the schedule was kept; empty if no op was issued. */
  synchronized Optional<TimingAccuracy> accuracy() {
    if (issues == 0) {
      return Optional.empty();
    }
    return Optional.of(new TimingAccuracy(lastScheduled - firstScheduled, lastIssued - firstIssued,
        lagSum / issues, maxLag));
  }
}
