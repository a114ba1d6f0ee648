package org.jpuffs.nio;

import java.nio.channels.OverlappingFileLockException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpuffs.api.protocol.Cookie;

/**
 * The file locks this file system's channels hold, per node. POSIX locks belong to the process, so a second lock of
 * the same JVM on an overlapping range would silently merge with the first at the server; FileChannel's contract is to
 * refuse it with {@link OverlappingFileLockException}, and this table is where that is decided.
 */
final class ByteRangeLocks {

  private final Map<Cookie, List<PuffsFileLock>> held = new HashMap<>();

  /** Records {@code lock}, or throws if it overlaps one this JVM holds on the node. */
  synchronized void add(Cookie node, PuffsFileLock lock) {
    List<PuffsFileLock> locks = held.computeIfAbsent(node, key -> new ArrayList<>());
    for (PuffsFileLock other : locks) {
      if (other.overlaps(lock.position(), lock.size())) {
        throw new OverlappingFileLockException();
      }
    }
    locks.add(lock);
  }

  synchronized void remove(Cookie node, PuffsFileLock lock) {
    List<PuffsFileLock> locks = held.get(node);
    if (locks != null) {
      locks.remove(lock);
      if (locks.isEmpty()) {
        held.remove(node);
      }
    }
  }

  /** Forgets (and invalidates) every lock {@code channel} held on {@code node}; {@code true} if there was one. */
  synchronized boolean removeAll(Cookie node, PuffsFileChannel channel) {
    List<PuffsFileLock> locks = held.get(node);
    if (locks == null) {
      return false;
    }
    boolean any = locks.removeIf(lock -> {
      if (lock.channel() == channel) {
        lock.invalidate();
        return true;
      }
      return false;
    });
    if (locks.isEmpty()) {
      held.remove(node);
    }
    return any;
  }
}
