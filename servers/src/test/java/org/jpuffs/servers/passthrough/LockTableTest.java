package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.Flock.LockType;
import org.jpuffs.api.protocol.PuffsException;
import org.junit.jupiter.api.Test;

class LockTableTest {

  static final Cookie NODE = Cookie.of(42);
  final LockTable table = new LockTable();
  final ExecutorService threads = Executors.newCachedThreadPool();

  @org.junit.jupiter.api.AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  static Flock lock(LockType type, long start, long len) {
    return new Flock(type, Flock.Whence.SET, start, len, 7);
  }

  void set(long owner, LockType type, long start, long len) {
    Flock l = lock(type, start, len);
    long[] r = LockTable.range(l, 1000);
    table.setlk(NODE, owner, l, r[0], r[1], false);
  }

  Flock get(long owner, LockType type, long start, long len) {
    Flock l = lock(type, start, len);
    long[] r = LockTable.range(l, 1000);
    return table.getlk(NODE, owner, l, r[0], r[1]);
  }

  @Test
  void sharedLocksOfDifferentOwnersCoexist() {
    set(1, LockType.RDLCK, 0, 10);
    set(2, LockType.RDLCK, 5, 10);
    assertEquals(LockType.UNLCK, get(3, LockType.RDLCK, 0, 100).type());
  }

  @Test
  void exclusiveLockConflictsWithAnotherOwner() {
    set(1, LockType.WRLCK, 0, 10);
    assertEquals(Errno.EAGAIN, assertThrows(PuffsException.class, () -> set(2, LockType.RDLCK, 9, 1)).errno());
    Flock conflict = get(2, LockType.RDLCK, 5, 1);
    assertEquals(LockType.WRLCK, conflict.type());
    assertEquals(0, conflict.start());
    assertEquals(10, conflict.len());
    assertEquals(7, conflict.pid());
  }

  @Test
  void ownLocksNeverConflict() {
    set(1, LockType.WRLCK, 0, 10);
    set(1, LockType.RDLCK, 0, 10);
    assertEquals(List.of(lock(LockType.RDLCK, 0, 10)), table.held(NODE));
  }

  @Test
  void unlockingTheMiddleSplitsALock() {
    set(1, LockType.WRLCK, 0, 30);
    Flock middle = lock(LockType.UNLCK, 10, 10);
    table.unlock(NODE, 1, 10, 19);
    List<Flock> held = table.held(NODE);
    assertEquals(2, held.size());
    assertTrue(held.contains(lock(LockType.WRLCK, 0, 10)));
    assertTrue(held.contains(lock(LockType.WRLCK, 20, 10)));
    set(2, LockType.WRLCK, 10, 10);
    assertEquals(LockType.UNLCK, middle.type());
  }

  @Test
  void adjacentLocksOfOneOwnerMerge() {
    set(1, LockType.RDLCK, 0, 10);
    set(1, LockType.RDLCK, 10, 10);
    assertEquals(List.of(lock(LockType.RDLCK, 0, 20)), table.held(NODE));
  }

  @Test
  void zeroLengthMeansToTheEndAndBeyond() {
    set(1, LockType.WRLCK, 100, 0);
    assertEquals(LockType.WRLCK, get(2, LockType.RDLCK, Long.MAX_VALUE - 5, 1).type());
    assertEquals(LockType.UNLCK, get(2, LockType.RDLCK, 0, 100).type());
  }

  @Test
  void rangeHandlesEndAndNegativeLengths() {
    assertEquals(List.of(90L, 99L), asList(LockTable.range(new Flock(LockType.RDLCK, Flock.Whence.END, -10, 10, 0), 100)));
    assertEquals(List.of(5L, 9L), asList(LockTable.range(lock(LockType.RDLCK, 10, -5), 0)));
    assertEquals(Errno.EINVAL, assertThrows(PuffsException.class,
        () -> LockTable.range(lock(LockType.RDLCK, -1, 5), 0)).errno());
    assertEquals(Errno.EINVAL, assertThrows(PuffsException.class,
        () -> LockTable.range(new Flock(LockType.RDLCK, Flock.Whence.CUR, 0, 5, 0), 0)).errno());
  }

  @Test
  void waitingLockIsGrantedWhenTheHolderUnlocks() throws Exception {
    set(1, LockType.WRLCK, 0, 10);
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(
        () -> table.setlk(NODE, 2, lock(LockType.WRLCK, 0, 10), 0, 9, true), threads);
    awaitWaiters(1);
    table.unlock(NODE, 1, 0, Long.MAX_VALUE);
    waiter.get(5, TimeUnit.SECONDS);
    assertEquals(LockType.WRLCK, get(1, LockType.RDLCK, 0, 1).type());
  }

  @Test
  void waitThatClosesACycleIsEdeadlk() throws Exception {
    set(1, LockType.WRLCK, 0, 10);
    set(2, LockType.WRLCK, 20, 10);
    CompletableFuture<Void> oneWaitsForTwo = CompletableFuture.runAsync(
        () -> table.setlk(NODE, 1, lock(LockType.WRLCK, 20, 10), 20, 29, true), threads);
    awaitWaiters(1);
    // Owner 2 waiting for owner 1, who waits for owner 2, would never end.
    assertEquals(Errno.EDEADLK, assertThrows(PuffsException.class,
        () -> table.setlk(NODE, 2, lock(LockType.WRLCK, 0, 10), 0, 9, true)).errno());
    table.unlock(NODE, 2, 0, Long.MAX_VALUE);
    oneWaitsForTwo.get(5, TimeUnit.SECONDS);
  }

  @Test
  void tooManyWaitersIsEnolck() throws Exception {
    set(1, LockType.WRLCK, 0, 10);
    List<CompletableFuture<Void>> waiting = new java.util.ArrayList<>();
    for (int i = 0; i < LockTable.MAX_WAITERS; i++) {
      long owner = 100 + i;
      waiting.add(CompletableFuture.runAsync(
          () -> table.setlk(NODE, owner, lock(LockType.RDLCK, 0, 10), 0, 9, true),
          threads));
    }
    awaitWaiters(LockTable.MAX_WAITERS);
    assertEquals(Errno.ENOLCK, assertThrows(PuffsException.class,
        () -> table.setlk(NODE, 99, lock(LockType.RDLCK, 0, 10), 0, 9, true)).errno());
    table.unlock(NODE, 1, 0, Long.MAX_VALUE);
    for (CompletableFuture<Void> w : waiting) {
      w.get(5, TimeUnit.SECONDS);
    }
  }

  private void awaitWaiters(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (table.waiting() < n) {
      assertTrue(System.nanoTime() < deadline, "waiters did not block");
      Thread.onSpinWait();
    }
  }

  private static List<Long> asList(long[] r) {
    return List.of(r[0], r[1]);
  }
}
