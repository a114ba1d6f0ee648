package org.jpuffs.engine.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VnOp;

/**
 * POSIX byte-range locks of one node, kept by the engine for a server without ADVLOCK (NetBSD's {@code lf_advlock},
 * which {@code puffs_vnop_advlock} falls back to). Owned by the node actor, so it is not thread-safe; a blocked
 * F_WAIT request is queued and granted when a release makes room. Deadlock detection is not done: a cycle of waiters
 * waits until one of them gives up (its caller times out on its own side).
 */
final class LocalLocks {

  /** One held lock: {@code [start, end]} inclusive. */
  private record Held(long owner, Flock.LockType type, long start, long end) {
    boolean overlaps(long otherStart, long otherEnd) {
      return start <= otherEnd && otherStart <= end;
    }
  }

  /** A request waiting for a lock. */
  private record Waiter(VnOp.Advlock request, Consumer<Optional<Flock>> answer) {}

  private final List<Held> held = new ArrayList<>();
  private final Deque<Waiter> waiters = new ArrayDeque<>();

  /**
   * Applies {@code request}. The answer gets the GETLK result (the conflicting lock, or the request with type UNLCK),
   * or the granted lock; a SETLK that conflicts fails with EAGAIN unless F_WAIT, in which case the answer comes when
   * the lock is granted.
   */
  void apply(VnOp.Advlock request, Consumer<Optional<Flock>> answer) {
    Flock lock = request.lock();
    if (lock.start() < 0 || (lock.len() < 0)) {
      throw new PuffsException(Errno.EINVAL, "lock range " + lock.start() + "+" + lock.len());
    }
    switch (request.op()) {
      case GETLK:
        answer.accept(Optional.of(conflict(request).map(this::asFlock)
            .orElse(new Flock(Flock.LockType.UNLCK, lock.whence(), lock.start(), lock.len(), lock.pid()))));
        return;
      case UNLCK:
        remove(request.id(), lock.start(), lock.end());
        answer.accept(Optional.of(lock));
        grantWaiters();
        return;
      case SETLK:
      default:
        if (lock.type() == Flock.LockType.UNLCK) {
          remove(request.id(), lock.start(), lock.end());
          answer.accept(Optional.of(lock));
          grantWaiters();
          return;
        }
        if (conflict(request).isPresent()) {
          if ((request.flags() & VnOp.Advlock.F_WAIT) == 0) {
            throw new PuffsException(Errno.EAGAIN);
          }
          waiters.add(new Waiter(request, answer));
          return;
        }
        acquire(request);
        answer.accept(Optional.of(lock));
    }
  }

  /** Drops every lock of {@code owner} (its last close), waking waiters. */
  void releaseAll(long owner) {
    if (held.removeIf(h -> h.owner() == owner)) {
      grantWaiters();
    }
  }

  private Optional<Held> conflict(VnOp.Advlock request) {
    Flock lock = request.lock();
    for (Held h : held) {
      if (h.owner() != request.id() && h.overlaps(lock.start(), lock.end())
          && (h.type() == Flock.LockType.WRLCK || lock.type() == Flock.LockType.WRLCK)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  private Flock asFlock(Held h) {
    long len = h.end() == Long.MAX_VALUE ? 0 : h.end() - h.start() + 1;
    return new Flock(h.type(), Flock.Whence.SET, h.start(), len, (int) h.owner());
  }

  /** POSIX: a new lock replaces the owner's locks in its range, whatever their type. */
  private void acquire(VnOp.Advlock request) {
    Flock lock = request.lock();
    remove(request.id(), lock.start(), lock.end());
    held.add(new Held(request.id(), lock.type(), lock.start(), lock.end()));
  }

  /** Removes {@code [start, end]} from the owner's locks, splitting locks that stick out on either side. */
  private void remove(long owner, long start, long end) {
    List<Held> keep = new ArrayList<>();
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.owner() != owner || !h.overlaps(start, end)) {
        continue;
      }
      it.remove();
      if (h.start() < start) {
        keep.add(new Held(owner, h.type(), h.start(), start - 1));
      }
      if (h.end() > end) {
        keep.add(new Held(owner, h.type(), end + 1, h.end()));
      }
    }
    held.addAll(keep);
  }

  private void grantWaiters() {
    boolean granted = true;
    while (granted) {
      granted = false;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (conflict(w.request()).isEmpty()) {
          it.remove();
          acquire(w.request());
          w.answer().accept(Optional.of(w.request().lock()));
          granted = true;
        }
      }
    }
  }
}
