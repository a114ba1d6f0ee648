package org.jpuffs.engine.node.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lock-free reference count: a cache hit's acquire and the mount's retire never both win. */
class NodeReferencesTest {

  @Test
  void aHeldNodeCannotBeRetiredAndARetiredOneCannotBeAcquired() {
    NodeReferences refs = new NodeReferences();
    assertTrue(refs.tryAcquire());
    assertFalse(refs.tryRetire());
    assertEquals(0, refs.release());
    assertTrue(refs.tryRetire());
    assertFalse(refs.tryAcquire());
    assertEquals(-1, refs.count());
    assertEquals(-1, refs.release(), "a release after retire changes nothing");
  }

  @Test
  void anExtraReleaseDoesNotGoNegative() {
    NodeReferences refs = new NodeReferences();
    assertEquals(0, refs.release());
    assertEquals(0, refs.count());
  }

  @Test
  void racingAcquiresAndARetireComeOutOneWay() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2_000; round++) {
        NodeReferences refs = new NodeReferences();
        CountDownLatch start = new CountDownLatch(1);
        Future<Boolean> acquired = pool.submit(() -> {
          start.await();
          return refs.tryAcquire();
        });
        Future<Boolean> retired = pool.submit(() -> {
          start.await();
          return refs.tryRetire();
        });
        start.countDown();
        boolean a = acquired.get(10, TimeUnit.SECONDS);
        boolean r = retired.get(10, TimeUnit.SECONDS);
        assertTrue(a != r, "acquire " + a + ", retire " + r);
        assertEquals(a ? 1 : -1, refs.count());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
