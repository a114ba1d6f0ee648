package org.jpuffs.servers.memfs;

import static org.jpuffs.servers.conformance.Threads.onNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.Flock.LockType;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOp.Advlock.LockOp;
import org.jpuffs.servers.conformance.ServerClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POSIX record locks: splitting, merging, upgrading, waiting and deadlock detection. */
class MemFsAdvlockTest {
  private MemFs fs;
  private ServerClient c;
  private Cookie f;

  @BeforeEach
  void file() {
    fs = new MemFs();
    c = new ServerClient(fs, Cred.ROOT);
    f = c.create(c.root(), "f", 0644);
    c.write(f, 0, new byte[1000]);
  }

  private Flock set(long owner, LockType type, long start, long len, boolean wait) {
    return fs.advlock(c.ctx(), f, new Flock(type, Flock.Whence.SET, start, len, (int) owner), owner, LockOp.SETLK,
        wait ? VnOp.Advlock.F_WAIT : 0);
  }

  private void unlock(long owner, long start, long len) {
    fs.advlock(c.ctx(), f, new Flock(LockType.UNLCK, Flock.Whence.SET, start, len, 0), owner, LockOp.UNLCK, 0);
  }

  private List<LockTable.Held> held() {
    return fs.locks().held(f.value());
  }

  private static LockTable.Held h(long owner, LockType type, long start, long end) {
    return new LockTable.Held(owner, type, start, end, (int) owner);
  }

  private static Errno errnoOf(Runnable op) {
    try {
      op.run();
      return Errno.OK;
    } catch (PuffsException e) {
      return e.errno();
    }
  }

  @Test
  void unlockingTheMiddleSplitsALock() {
    set(1, LockType.WRLCK, 0, 100, false);
    unlock(1, 40, 20);
    assertEquals(List.of(h(1, LockType.WRLCK, 0, 39), h(1, LockType.WRLCK, 60, 99)), held());
  }

  @Test
  void adjacentAndOverlappingLocksOfOneTypeMerge() {
    set(1, LockType.RDLCK, 0, 10, false);
    set(1, LockType.RDLCK, 10, 10, false);
    set(1, LockType.RDLCK, 15, 10, false);
    assertEquals(List.of(h(1, LockType.RDLCK, 0, 24)), held());
  }

  @Test
  void aWriteLockInsideAReadLockUpgradesJustThatRange() {
    set(1, LockType.RDLCK, 0, 100, false);
    set(1, LockType.WRLCK, 10, 10, false);
    assertEquals(3, held().size());
    assertTrue(held().containsAll(List.of(h(1, LockType.RDLCK, 0, 9), h(1, LockType.WRLCK, 10, 19),
        h(1, LockType.RDLCK, 20, 99))));
  }

  @Test
  void lengthZeroLocksToTheEndAndBeyond() {
    set(1, LockType.WRLCK, 500, 0, false);
    assertEquals(Errno.EAGAIN, errnoOf(() -> set(2, LockType.RDLCK, Long.MAX_VALUE - 1, 1, false)));
    set(2, LockType.RDLCK, 0, 500, false);
  }

  @Test
  void aNegativeLengthLocksTheBytesBeforeStart() {
    set(1, LockType.WRLCK, 100, -10, false);
    assertEquals(List.of(h(1, LockType.WRLCK, 90, 99)), held());
  }

  @Test
  void whenceEndCountsFromTheEndOfTheFile() {
    fs.advlock(c.ctx(), f, new Flock(LockType.WRLCK, Flock.Whence.END, -10, 10, 1), 1, LockOp.SETLK, 0);
    assertEquals(List.of(h(1, LockType.WRLCK, 990, 999)), held());
  }

  @Test
  void setlkOfTypeUnlockReleases() {
    set(1, LockType.WRLCK, 0, 10, false);
    set(1, LockType.UNLCK, 0, 10, false);
    assertTrue(held().isEmpty());
  }

  @Test
  void aWaiterIsGrantedWhenTheHolderUnlocks() throws Exception {
    set(1, LockType.WRLCK, 0, 0, false);
    CompletableFuture<Errno> waiter = onNewThread(
        () -> errnoOf(() -> set(2, LockType.WRLCK, 10, 10, true)));
    assertTrue(fs.locks().awaitWaiting(2, 30, TimeUnit.SECONDS));
    assertFalse(waiter.isDone());
    unlock(1, 0, 0);
    assertEquals(Errno.OK, waiter.get(30, TimeUnit.SECONDS));
    assertEquals(List.of(h(2, LockType.WRLCK, 10, 19)), held());
  }

  @Test
  void aDowngradeLetsReadersIn() throws Exception {
    set(1, LockType.WRLCK, 0, 10, false);
    CompletableFuture<Errno> reader = onNewThread(
        () -> errnoOf(() -> set(2, LockType.RDLCK, 0, 10, true)));
    assertTrue(fs.locks().awaitWaiting(2, 30, TimeUnit.SECONDS));
    set(1, LockType.RDLCK, 0, 10, false);
    assertEquals(Errno.OK, reader.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aWaitThatClosesACycleFailsEdeadlkAndTheOtherWaiterGetsItsLockLater() throws Exception {
    set(1, LockType.WRLCK, 0, 10, false);
    set(2, LockType.WRLCK, 10, 10, false);
    CompletableFuture<Errno> one = onNewThread(
        () -> errnoOf(() -> set(1, LockType.WRLCK, 10, 10, true)));
    assertTrue(fs.locks().awaitWaiting(1, 30, TimeUnit.SECONDS));
    assertEquals(Errno.EDEADLK, errnoOf(() -> set(2, LockType.WRLCK, 0, 10, true)));
    unlock(2, 0, 0);
    assertEquals(Errno.OK, one.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aThreeOwnerCycleIsDetected() throws Exception {
    set(1, LockType.WRLCK, 0, 10, false);
    set(2, LockType.WRLCK, 10, 10, false);
    set(3, LockType.WRLCK, 20, 10, false);
    CompletableFuture<Errno> one = onNewThread(
        () -> errnoOf(() -> set(1, LockType.WRLCK, 10, 1, true)));
    assertTrue(fs.locks().awaitWaiting(1, 30, TimeUnit.SECONDS));
    CompletableFuture<Errno> two = onNewThread(
        () -> errnoOf(() -> set(2, LockType.WRLCK, 20, 1, true)));
    assertTrue(fs.locks().awaitWaiting(2, 30, TimeUnit.SECONDS));
    assertEquals(Errno.EDEADLK, errnoOf(() -> set(3, LockType.WRLCK, 0, 1, true)));
    unlock(3, 0, 0);
    assertEquals(Errno.OK, two.get(30, TimeUnit.SECONDS));
    unlock(2, 0, 0);
    assertEquals(Errno.OK, one.get(30, TimeUnit.SECONDS));
  }

  @Test
  void theLocksOfAFreedNodeAreDropped() {
    set(1, LockType.WRLCK, 0, 10, false);
    c.remove(c.root(), "f");
    fs.reclaim(c.ctx(), f, 2);
    assertTrue(held().isEmpty());
  }

  @Test
  void locksOfDifferentFilesDoNotConflict() {
    Cookie g = c.create(c.root(), "g", 0644);
    set(1, LockType.WRLCK, 0, 0, false);
    fs.advlock(c.ctx(), g, new Flock(LockType.WRLCK, Flock.Whence.SET, 0, 0, 2), 2, LockOp.SETLK, 0);
  }

  @Test
  void advlockOnAnUnknownCookieFailsEstale() {
    assertEquals(Errno.ESTALE, assertThrows(PuffsException.class, () -> fs.advlock(c.ctx(), Cookie.of(999_999),
        new Flock(LockType.WRLCK, Flock.Whence.SET, 0, 0, 1), 1, LockOp.SETLK, 0)).errno());
  }
}
