package org.jpuffs.servers.memfs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.Flock.LockType;
import org.jpuffs.api.protocol.PuffsException;

/**
 * Advisory byte-range locks of one memfs with POSIX {@code fcntl} semantics per owner id: an owner's own locks never
 * conflict with each other, a new lock replaces whatever the owner held in its range (splitting, upgrading,
 * downgrading), adjacent or overlapping locks of one type merge, and an unlock may punch a hole into a lock. BSD
 * {@code flock} locks ({@code F_FLOCK}) arrive as whole-file ranges and follow the same rules per owner.
 *
 * <p>A waiting request ({@code F_WAIT}) blocks its thread on a condition until nothing conflicts; before it waits,
 * the wait-for graph is walked and a request that would close a cycle fails with EDEADLK, as NetBSD's
 * {@code lf_setlock} does. One lock for the whole table: locking is rare next to reads and writes.
 */
final class LockTable {
  /** A lock held: {@code [start, end]} inclusive, end {@link Long#MAX_VALUE} for "to the end of the file". */
  record Held(long owner, LockType type, long start, long end, int pid) {
    boolean overlaps(long s, long e) {
      return start <= e && s <= end;
    }

    Flock toFlock() {
      long len = end == Long.MAX_VALUE ? 0 : end - start + 1;
      return new Flock(type, Flock.Whence.SET, start, len, pid);
    }
  }

  /**
   * The bytes a lock request covers, made absolute: {@code [start, end]} inclusive of one node.
   *
   * @param inode the node
   * @param start first byte
   * @param end last byte, {@link Long#MAX_VALUE} for "to the end of the file and beyond"
   */
  record Range(long inode, long start, long end) {
    /**
     * The range of {@code lock} on a node of {@code size} bytes. A length of 0 runs to the end and beyond; a negative
     * length covers the bytes before {@code start} (POSIX); whence END counts from the size.
     *
     * @throws PuffsException EINVAL for whence CUR (the server does not know the fd's offset) or a range starting
     *     before byte 0; EOVERFLOW for one ending beyond 2^63 - 1
     */
    static Range of(long inode, Flock lock, long size) {
      long start;
      switch (lock.whence()) {
        case SET:
          start = lock.start();
          break;
        case END:
          start = lock.start() + size;
          break;
        default:
          throw new PuffsException(Errno.EINVAL, "the server does not know the file offset for whence CUR");
      }
      long end;
      if (lock.len() < 0) {
        end = start - 1;
        start += lock.len();
      } else if (lock.len() == 0) {
        end = Long.MAX_VALUE;
      } else {
        if (start > Long.MAX_VALUE - lock.len() + 1) {
          throw new PuffsException(Errno.EOVERFLOW);
        }
        end = start + lock.len() - 1;
      }
      if (start < 0) {
        throw new PuffsException(Errno.EINVAL, "lock range before byte 0");
      }
      return new Range(inode, start, end);
    }
  }

  /** What a blocked owner waits for, for deadlock detection. */
  private record Wait(long inode, LockType type, long start, long end) {}

  private final ReentrantLock mutex = new ReentrantLock();
  private final Condition released = mutex.newCondition();
  /** Signalled when an owner starts waiting, for {@link #awaitWaiting}. */
  private final Condition waitStarted = mutex.newCondition();
  private final Map<Long, List<Held>> byInode = new HashMap<>();
  private final Map<Long, Wait> waiting = new HashMap<>();

  /**
   * F_GETLK: the first lock of another owner that conflicts with {@code type} on {@code [start, end]}, or null.
   */
  Held conflict(long inode, long owner, LockType type, long start, long end) {
    mutex.lock();
    try {
      List<Held> conflicts = conflicts(inode, owner, type, start, end);
      return conflicts.isEmpty() ? null : conflicts.get(0);
    } finally {
      mutex.unlock();
    }
  }

  /**
   * F_SETLK: takes {@code type} on {@code [start, end]} for {@code owner}.
   *
   * @param wait block until granted ({@code F_WAIT})
   * @throws PuffsException EAGAIN if another owner's lock conflicts and {@code wait} is off; EDEADLK if waiting
   *     would deadlock; EINTR if the waiting thread is interrupted
   */
  void lock(long inode, long owner, LockType type, long start, long end, int pid, boolean wait) {
    mutex.lock();
    try {
      while (true) {
        List<Held> conflicts = conflicts(inode, owner, type, start, end);
        if (conflicts.isEmpty()) {
          break;
        }
        if (!wait) {
          throw new PuffsException(Errno.EAGAIN, "range held by owner " + conflicts.get(0).owner());
        }
        if (wouldDeadlock(owner, conflicts)) {
          throw new PuffsException(Errno.EDEADLK, "owner " + owner + " would wait for itself");
        }
        waiting.put(owner, new Wait(inode, type, start, end));
        waitStarted.signalAll();
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PuffsException(Errno.EINTR, "interrupted while waiting for a lock");
        } finally {
          waiting.remove(owner);
        }
      }
      List<Held> held = byInode.computeIfAbsent(inode, k -> new ArrayList<>());
      cut(held, owner, start, end);
      held.add(new Held(owner, type, start, end, pid));
      merge(held, owner);
      // a downgrade (write to read) or a split can let waiters in
      released.signalAll();
    } finally {
      mutex.unlock();
    }
  }

  /** F_UNLCK: releases whatever {@code owner} holds in {@code [start, end]}. */
  void unlock(long inode, long owner, long start, long end) {
    mutex.lock();
    try {
      List<Held> held = byInode.get(inode);
      if (held == null) {
        return;
      }
      cut(held, owner, start, end);
      if (held.isEmpty()) {
        byInode.remove(inode);
      }
      released.signalAll();
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Waits until {@code owner} is blocked in {@link #lock}, so that a test can act on a waiter without sleeping.
   *
   * @return {@code false} if it did not start waiting within the timeout
   */
  boolean awaitWaiting(long owner, long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    mutex.lock();
    try {
      while (!waiting.containsKey(owner)) {
        if (nanos <= 0) {
          return false;
        }
        nanos = waitStarted.awaitNanos(nanos);
      }
      return true;
    } finally {
      mutex.unlock();
    }
  }

  /** The locks held on a node, for tests and PRINT. */
  List<Held> held(long inode) {
    mutex.lock();
    try {
      return List.copyOf(byInode.getOrDefault(inode, List.of()));
    } finally {
      mutex.unlock();
    }
  }

  /** Drops every lock of a freed node. */
  void forget(long inode) {
    mutex.lock();
    try {
      if (byInode.remove(inode) != null) {
        released.signalAll();
      }
    } finally {
      mutex.unlock();
    }
  }

  /** Drops every lock (the file system was restored from a snapshot). */
  void clear() {
    mutex.lock();
    try {
      byInode.clear();
      released.signalAll();
    } finally {
      mutex.unlock();
    }
  }

  private List<Held> conflicts(long inode, long owner, LockType type, long start, long end) {
    List<Held> out = new ArrayList<>();
    for (Held h : byInode.getOrDefault(inode, List.of())) {
      if (h.owner() != owner && h.overlaps(start, end) && (type == LockType.WRLCK || h.type() == LockType.WRLCK)) {
        out.add(h);
      }
    }
    return out;
  }

  /** {@code true} if one of the owners blocking {@code owner} waits, directly or not, for {@code owner}. */
  private boolean wouldDeadlock(long owner, List<Held> blockers) {
    Set<Long> seen = new HashSet<>();
    Deque<Long> todo = new ArrayDeque<>();
    for (Held h : blockers) {
      todo.add(h.owner());
    }
    while (!todo.isEmpty()) {
      long o = todo.poll();
      if (o == owner) {
        return true;
      }
      if (!seen.add(o)) {
        continue;
      }
      Wait w = waiting.get(o);
      if (w != null) {
        for (Held h : conflicts(w.inode(), o, w.type(), w.start(), w.end())) {
          todo.add(h.owner());
        }
      }
    }
    return false;
  }

  /** Removes {@code [start, end]} from {@code owner}'s locks in {@code held}, keeping the parts outside it. */
  private static void cut(List<Held> held, long owner, long start, long end) {
    List<Held> keep = new ArrayList<>();
    for (Held h : held) {
      if (h.owner() != owner || !h.overlaps(start, end)) {
        keep.add(h);
        continue;
      }
      if (h.start() < start) {
        keep.add(new Held(owner, h.type(), h.start(), start - 1, h.pid()));
      }
      if (h.end() > end) {
        keep.add(new Held(owner, h.type(), end + 1, h.end(), h.pid()));
      }
    }
    held.clear();
    held.addAll(keep);
  }

  /** Merges {@code owner}'s overlapping or adjacent locks of the same type. */
  private static void merge(List<Held> held, long owner) {
    boolean merged = true;
    while (merged) {
      merged = false;
      outer:
      for (int i = 0; i < held.size(); i++) {
        Held a = held.get(i);
        if (a.owner() != owner) {
          continue;
        }
        for (int j = i + 1; j < held.size(); j++) {
          Held b = held.get(j);
          if (b.owner() != owner || b.type() != a.type()) {
            continue;
          }
          boolean touching = a.start() <= b.end() && b.start() <= a.end()
              || (a.end() != Long.MAX_VALUE && a.end() + 1 == b.start())
              || (b.end() != Long.MAX_VALUE && b.end() + 1 == a.start());
          if (touching) {
            held.set(i, new Held(owner, a.type(), Math.min(a.start(), b.start()), Math.max(a.end(), b.end()), a.pid()));
            held.remove(j);
            merged = true;
            break outer;
          }
        }
      }
    }
  }
}
