package org.jpuffs.engine.replay;

import static org.jpuffs.engine.replay.Records.cookie;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jpuffs.api.protocol.Cookie;
import org.junit.jupiter.api.Test;

/** The ops' completions are futures the test completes by hand, so the order is the test's, not the threads'. */
class SchedulerTest {

  private final Scheduler scheduler = new Scheduler();

  private static DependencyKeys writes(Cookie... keys) {
    return new DependencyKeys(Set.of(), Set.<Object>of((Object[]) keys));
  }

  private static DependencyKeys reads(Cookie... keys) {
    return new DependencyKeys(Set.<Object>of((Object[]) keys), Set.of());
  }

  @Test
  void anOpWaitsForTheLastOpOnItsNode() {
    CompletableFuture<String> first = new CompletableFuture<>();
    scheduler.submit(writes(cookie(1)), () -> first);
    CompletableFuture<String> second = scheduler.submit(writes(cookie(1), cookie(2)),
        () -> CompletableFuture.completedFuture("second"));
    assertFalse(second.isDone(), "ran before the op it depends on");
    first.complete("first");
    assertTrue(second.isDone());
  }

  @Test
  void opsOnOtherNodesDoNotWait() {
    scheduler.submit(writes(cookie(1)), CompletableFuture::new);
    CompletableFuture<String> other = scheduler.submit(writes(cookie(2)),
        () -> CompletableFuture.completedFuture("other"));
    assertTrue(other.isDone());
  }

  @Test
  void readsBetweenTwoWritesRunTogetherAndTheNextWriteWaitsForThemAll() {
    CompletableFuture<String> firstRead = new CompletableFuture<>();
    scheduler.submit(reads(cookie(1)), () -> firstRead);
    CompletableFuture<String> secondRead = scheduler.submit(reads(cookie(1)),
        () -> CompletableFuture.completedFuture("read"));
    assertTrue(secondRead.isDone(), "a read waited for a read");
    CompletableFuture<String> write = scheduler.submit(writes(cookie(1)),
        () -> CompletableFuture.completedFuture("write"));
    assertFalse(write.isDone(), "a write overtook a read");
    firstRead.complete("read");
    assertTrue(write.isDone());
  }

  @Test
  void aReadWaitsForTheWriteBeforeIt() {
    CompletableFuture<String> write = new CompletableFuture<>();
    scheduler.submit(writes(cookie(1)), () -> write);
    CompletableFuture<String> read = scheduler.submit(reads(cookie(1)),
        () -> CompletableFuture.completedFuture("read"));
    assertFalse(read.isDone());
    write.complete("write");
    assertTrue(read.isDone());
  }

  @Test
  void aBarrierWaitsForEverythingAndEverythingWaitsForIt() {
    CompletableFuture<String> before = new CompletableFuture<>();
    scheduler.submit(writes(cookie(1)), () -> before);
    CompletableFuture<String> barrierRun = new CompletableFuture<>();
    CompletableFuture<String> barrier = scheduler.submit(new DependencyKeys(Set.of(), Set.of()), () -> barrierRun);
    CompletableFuture<String> after = scheduler.submit(reads(cookie(7)),
        () -> CompletableFuture.completedFuture("after"));
    assertFalse(barrier.isDone());
    before.complete("before");
    assertFalse(after.isDone(), "overtook the barrier");
    barrierRun.complete("barrier");
    assertTrue(after.isDone());
  }

  @Test
  void aFailedOpStillReleasesTheOpsBehindIt() {
    CompletableFuture<String> failing = new CompletableFuture<>();
    scheduler.submit(writes(cookie(1)), () -> failing);
    CompletableFuture<String> next = scheduler.submit(writes(cookie(1)),
        () -> CompletableFuture.completedFuture("next"));
    failing.completeExceptionally(new IllegalStateException("server gone"));
    assertTrue(next.isDone() && !next.isCompletedExceptionally());
  }
}
