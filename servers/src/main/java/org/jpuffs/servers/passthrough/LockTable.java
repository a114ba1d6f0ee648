package org.jpuffs.servers.passthrough;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.PuffsException;

/**
 * POSIX advisory byte-range locks ({@code lf_advlock}), kept by the server per node and per owner.
 *
 * <p>Host locks cannot be used: {@code FileChannel} locks belong to the whole JVM, not to the lock owner the engine
 * names, so two owners would never conflict. The table follows {@code fcntl(2)}: shared locks of different owners
 * coexist, an exclusive lock conflicts with every lock of another owner, an owner's own locks never conflict and are
 * replaced, split or merged range by range, and unlocking part of a lock leaves the rest. flock-style locks
 * ({@code F_FLOCK}) use the same table with the open file as owner and the whole file as range.
 *
 * <p>Waiting ({@code F_WAIT}) blocks the calling server thread. Since a blocking server has a bounded pool, at most
 * {@link #MAX_WAITERS} requests wait at once (more get ENOLCK), so that an unlock always finds a thread; a wait that
 * would close a cycle of owners waiting for each other fails with EDEADLK.
 */
final class LockTable {

  /** Requests that may block in {@code F_WAIT} at the same time. */
  static final int MAX_WAITERS = 8;

  /** One held lock; {@code end} is inclusive, {@link Long#MAX_VALUE} for "to end of file and beyond". */
  private record Held(long owner, Flock.LockType type, long start, long end, int pid) {
    boolean overlaps(long s, long e) {
      return start <= e && s <= end;
    }

    Flock toFlock() {
      return new Flock(type, Flock.Whence.SET, start, end == Long.MAX_VALUE ? 0 : end - start + 1, pid);
    }
  }

  private final Map<Cookie, List<Held>> locks = new HashMap<>();
  /** Owner → the owner whose lock it waits for; for deadlock detection. */
  private final Map<Long, Long> waitsFor = new HashMap<>();
  private int waiters;

  /**
   * The absolute inclusive range {@code [start, end]} of {@code lock}.
   *
   * @param fileSize the node's size, for {@link Flock.Whence#END}
   * @throws PuffsException EINVAL for a range before offset 0 or a relative {@code CUR} lock (the engine makes those
   *     absolute before sending)
   */
  static long[] range(Flock lock, long fileSize) {
    long base;
    switch (lock.whence()) {
      case SET:
        base = 0;
        break;
      case END:
        base = fileSize;
        break;
      default:
        throw new PuffsException(Errno.EINVAL, "lock relative to the file offset");
    }
    long start = base + lock.start();
    long len = lock.len();
    if (len < 0) {
      // POSIX: a negative length covers the bytes before start.
      start += len;
      len = -len;
    }
    if (start < 0) {
      throw new PuffsException(Errno.EINVAL, "lock range before offset 0");
    }
    long end = len == 0 ? Long.MAX_VALUE : start + len - 1;
    if (end < start) {
      throw new PuffsException(Errno.EOVERFLOW);
    }
    return new long[] {start, end};
  }

  /**
   * F_GETLK: the first lock of another owner that conflicts with {@code lock}, or {@code lock} with type UNLCK if
   * none does.
   */
  synchronized Flock getlk(Cookie node, long owner, Flock lock, long start, long end) {
    Held conflict = conflict(node, owner, lock.type(), start, end);
    return conflict == null
        ? new Flock(Flock.LockType.UNLCK, lock.whence(), lock.start(), lock.len(), lock.pid())
        : conflict.toFlock();
  }

  /**
   * F_SETLK: takes the lock for {@code owner}, replacing what the owner held in the range.
   *
   * @param wait block until it can be granted ({@code F_WAIT})
   * @throws PuffsException EAGAIN if another owner's lock conflicts and {@code wait} is false; EDEADLK if waiting would
   *     deadlock; ENOLCK if too many requests wait already; EINTR if the waiting thread is interrupted
   */
  synchronized void setlk(Cookie node, long owner, Flock lock, long start, long end, boolean wait) {
    if (lock.type() == Flock.LockType.UNLCK) {
      unlock(node, owner, start, end);
      return;
    }
    Held conflict = conflict(node, owner, lock.type(), start, end);
    if (conflict != null) {
      if (!wait) {
        throw new PuffsException(Errno.EAGAIN, "conflicting lock held by " + conflict.pid());
      }
      awaitNoConflict(node, owner, lock, start, end, conflict);
    }
    List<Held> held = locks.computeIfAbsent(node, k -> new ArrayList<>());
    removeRange(held, owner, start, end);
    held.add(new Held(owner, lock.type(), start, end, lock.pid()));
    merge(held, owner, lock.type());
  }

  /** F_UNLCK: releases {@code owner}'s locks in {@code [start, end]}, splitting locks that reach beyond it. */
  synchronized void unlock(Cookie node, long owner, long start, long end) {
    List<Held> held = locks.get(node);
    if (held == null) {
      return;
    }
    removeRange(held, owner, start, end);
    if (held.isEmpty()) {
      locks.remove(node);
    }
    notifyAll();
  }

  /** The locks held on {@code node}, for tests and debugging. */
  synchronized List<Flock> held(Cookie node) {
    List<Flock> result = new ArrayList<>();
    for (Held h : locks.getOrDefault(node, List.of())) {
      result.add(h.toFlock());
    }
    return result;
  }

  /** How many requests wait for a lock now. */
  synchronized int waiting() {
    return waiters;
  }

  private void awaitNoConflict(Cookie node, long owner, Flock lock, long start, long end, Held first) {
    if (waiters >= MAX_WAITERS) {
      throw new PuffsException(Errno.ENOLCK, "too many lock requests waiting");
    }
    waiters++;
    try {
      Held conflict = first;
      while (conflict != null) {
        if (wouldDeadlock(owner, conflict.owner())) {
          throw new PuffsException(Errno.EDEADLK);
        }
        waitsFor.put(owner, conflict.owner());
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PuffsException(Errno.EINTR);
        } finally {
          waitsFor.remove(owner);
        }
        conflict = conflict(node, owner, lock.type(), start, end);
      }
    } finally {
      waiters--;
    }
  }

  private boolean wouldDeadlock(long owner, long holder) {
    Long next = holder;
    for (int hops = 0; next != null && hops <= waitsFor.size(); hops++) {
      if (next == owner) {
        return true;
      }
      next = waitsFor.get(next);
    }
    return false;
  }

  private Held conflict(Cookie node, long owner, Flock.LockType type, long start, long end) {
    for (Held h : locks.getOrDefault(node, List.of())) {
      if (h.owner() != owner && h.overlaps(start, end)
          && (h.type() == Flock.LockType.WRLCK || type == Flock.LockType.WRLCK)) {
        return h;
      }
    }
    return null;
  }

  /** Cuts {@code [start, end]} out of {@code owner}'s locks, keeping the parts outside it. */
  private static void removeRange(List<Held> held, long owner, long start, long end) {
    List<Held> kept = new ArrayList<>();
    for (Held h : held) {
      if (h.owner() != owner || !h.overlaps(start, end)) {
        kept.add(h);
        continue;
      }
      if (h.start() < start) {
        kept.add(new Held(owner, h.type(), h.start(), start - 1, h.pid()));
      }
      if (h.end() > end) {
        kept.add(new Held(owner, h.type(), end + 1, h.end(), h.pid()));
      }
    }
    held.clear();
    held.addAll(kept);
  }

  /** Joins {@code owner}'s touching or overlapping locks of {@code type}, as fcntl reports them joined. */
  private static void merge(List<Held> held, long owner, Flock.LockType type) {
    boolean changed = true;
    while (changed) {
      changed = false;
      outer:
      for (int i = 0; i < held.size(); i++) {
        Held a = held.get(i);
        if (a.owner() != owner || a.type() != type) {
          continue;
        }
        for (int j = i + 1; j < held.size(); j++) {
          Held b = held.get(j);
          if (b.owner() != owner || b.type() != type) {
            continue;
          }
          boolean touch = a.start() <= (b.end() == Long.MAX_VALUE ? b.end() : b.end() + 1)
              && b.start() <= (a.end() == Long.MAX_VALUE ? a.end() : a.end() + 1);
          if (touch) {
            held.set(i, new Held(owner, type, Math.min(a.start(), b.start()), Math.max(a.end(), b.end()), a.pid()));
            held.remove(j);
            changed = true;
            break outer;
          }
        }
      }
    }
  }
}
