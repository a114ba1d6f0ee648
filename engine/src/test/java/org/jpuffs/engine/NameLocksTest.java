package org.jpuffs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jpuffs.api.protocol.Cookie;
import org.junit.jupiter.api.Test;

class NameLocksTest {
  private static final Cookie DIR = new Cookie(7);
  private static final Cookie OTHER = new Cookie(8);

  private final NameLocks locks = new NameLocks();

  @Test
  void sharedHoldersRunTogether() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    CompletionStage<Void> a = locks.shared(DIR, () -> first);
    CompletionStage<Void> b = locks.shared(DIR, () -> second);
    second.complete(null);
    assertTrue(b.toCompletableFuture().isDone(), "the second shared holder did not wait for the first");
    first.complete(null);
    assertTrue(a.toCompletableFuture().isDone());
    assertEquals(0, locks.busyDirectories());
  }

  @Test
  void exclusiveWaitsForSharedAndSharedWaitsForExclusive() {
    CompletableFuture<Void> create = new CompletableFuture<>();
    locks.shared(DIR, () -> create);
    CompletableFuture<Void> rename = new CompletableFuture<>();
    boolean[] renameStarted = new boolean[1];
    locks.exclusive(DIR, () -> {
      renameStarted[0] = true;
      return rename;
    });
    boolean[] laterCreateStarted = new boolean[1];
    locks.shared(DIR, () -> {
      laterCreateStarted[0] = true;
      return CompletableFuture.completedFuture(null);
    });
    assertFalse(renameStarted[0], "exclusive started while a shared holder runs");

    create.complete(null);
    assertTrue(renameStarted[0]);
    assertFalse(laterCreateStarted[0], "a shared op overtook the waiting exclusive one");

    rename.complete(null);
    assertTrue(laterCreateStarted[0]);
    assertEquals(0, locks.busyDirectories());
  }

  @Test
  void directoriesAreIndependent() {
    CompletableFuture<Void> held = new CompletableFuture<>();
    locks.exclusive(DIR, () -> held);
    assertTrue(locks.shared(OTHER, () -> CompletableFuture.completedFuture(null)).toCompletableFuture().isDone());
    held.complete(null);
  }

  @Test
  void aFailingOpGivesTheLockBack() {
    CompletionStage<Void> failed = locks.exclusive(DIR, () -> {
      throw new IllegalStateException("boom");
    });
    assertTrue(failed.toCompletableFuture().isCompletedExceptionally());
    assertEquals(0, locks.busyDirectories());
  }
}
