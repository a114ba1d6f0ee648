package org.jpuffs.engine.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallerRunsExecutorTest {
  private final AtomicInteger threadsMade = new AtomicInteger();
  private final ThreadFactory workers = task -> new Thread(task, "worker-" + threadsMade.incrementAndGet());
  private final CallerRunsExecutor executor = new CallerRunsExecutor(2, workers);

  /**
   * Waits until both workers sleep: a worker just started, or just done with a task, still polls the queue once and
   * could take a task a caller was to run.
   */
  private void workersAsleep() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (executor.sleepingWorkers() < 2) {
      assertTrue(System.nanoTime() < deadline, "the workers never went to sleep");
      Thread.yield();
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void tasksFromAnyOtherThreadRunOnTheWorkers() throws InterruptedException {
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(1000);
    for (int i = 0; i < 1000; i++) {
      executor.execute(() -> {
        ranOn.add(Thread.currentThread().getName());
        done.countDown();
      });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertTrue(ranOn.size() <= 2 && ranOn.stream().allMatch(name -> name.startsWith("worker-")), ranOn.toString());
  }

  @Test
  void insideRunTheCallerRunsWhatItSubmittedAndWhatThoseTasksSubmitted() {
    workersAsleep();
    Thread caller = Thread.currentThread();
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    String result = CallerRuns.run(() -> {
      executor.execute(() -> {
        ranOn.add(Thread.currentThread());
        executor.execute(() -> ranOn.add(Thread.currentThread()));
      });
      return "work's own result";
    });
    assertEquals("work's own result", result);
    assertEquals(List.of(caller, caller), ranOn, "both tasks ran before run returned, on the caller");
  }

  @Test
  void runNeverWaitsForWorkThatContinuesElsewhere() throws InterruptedException {
    CountDownLatch elsewhere = new CountDownLatch(1);
    CountDownLatch continued = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      try {
        elsewhere.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor.execute(continued::countDown);
    });
    other.start();
    CallerRuns.run(() -> null);
    elsewhere.countDown();
    assertTrue(continued.await(10, TimeUnit.SECONDS), "a worker ran the task another thread submitted later");
    other.join();
  }

  @Test
  void beyondTheLimitTheWorkersTakeTheRest() throws InterruptedException {
    int tasks = CallerRunsExecutor.CALLER_RUN_LIMIT * 3;
    Thread caller = Thread.currentThread();
    AtomicInteger onCaller = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(tasks);
    CallerRuns.run(() -> {
      for (int i = 0; i < tasks; i++) {
        executor.execute(() -> {
          if (Thread.currentThread() == caller) {
            onCaller.incrementAndGet();
          }
          done.countDown();
        });
      }
      return null;
    });
    assertTrue(done.await(10, TimeUnit.SECONDS), "every task ran");
    assertTrue(onCaller.get() <= CallerRunsExecutor.CALLER_RUN_LIMIT, onCaller + " ran on the caller");
  }

  @Test
  void nestedRunsDrainOnceAtTheOutermost() {
    workersAsleep();
    Thread caller = Thread.currentThread();
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    CallerRuns.run(() -> CallerRuns.run(() -> {
      executor.execute(() -> ranOn.add(Thread.currentThread()));
      return null;
    }));
    assertEquals(List.of(caller), ranOn);
  }

  @Test
  void aTaskThatThrowsLeavesTheWorkerRunning() throws InterruptedException {
    CountDownLatch reported = new CountDownLatch(1);
    ThreadFactory reporting = task -> {
      Thread t = new Thread(task, "lone-worker");
      t.setUncaughtExceptionHandler((thread, failure) -> reported.countDown());
      return t;
    };
    CallerRunsExecutor lone = new CallerRunsExecutor(1, reporting);
    try {
      lone.execute(() -> {
        throw new IllegalStateException("from a worker");
      });
      assertTrue(reported.await(10, TimeUnit.SECONDS), "the failure went to the worker's handler");
      CountDownLatch after = new CountDownLatch(1);
      lone.execute(after::countDown);
      assertTrue(after.await(10, TimeUnit.SECONDS), "the same worker runs the next task");
    } finally {
      lone.shutdown();
    }
  }

  @Test
  void aTaskThatThrowsLeavesTheCallerRunning() {
    workersAsleep();
    Thread caller = Thread.currentThread();
    Thread.UncaughtExceptionHandler before = caller.getUncaughtExceptionHandler();
    List<Throwable> onCaller = new CopyOnWriteArrayList<>();
    caller.setUncaughtExceptionHandler((thread, failure) -> onCaller.add(failure));
    try {
      List<Thread> ranOn = new CopyOnWriteArrayList<>();
      CallerRuns.run(() -> {
        executor.execute(() -> {
          throw new IllegalStateException("from the caller");
        });
        executor.execute(() -> ranOn.add(Thread.currentThread()));
        return null;
      });
      assertEquals(List.of(caller), ranOn, "the task after the failing one ran on the caller too");
      assertEquals(1, onCaller.size(), onCaller.toString());
    } finally {
      caller.setUncaughtExceptionHandler(before);
    }
  }

  @Test
  void anInterruptedCallerLeavesTheTasksToTheWorkersAndKeepsItsInterrupt() throws InterruptedException {
    workersAsleep();
    Thread caller = Thread.currentThread();
    CountDownLatch ran = new CountDownLatch(1);
    Thread[] on = new Thread[1];
    try {
      CallerRuns.run(() -> {
        caller.interrupt();
        executor.execute(() -> {
          on[0] = Thread.currentThread();
          ran.countDown();
        });
        return null;
      });
      assertTrue(Thread.interrupted(), "still interrupted");
    } finally {
      Thread.interrupted();
    }
    assertTrue(ran.await(10, TimeUnit.SECONDS));
    assertTrue(on[0].getName().startsWith("worker-"), on[0].getName());
  }

  @Test
  void aTaskThatBlocksOnALaterTaskGetsASpareWorkerThatLeavesWhenIdle() throws InterruptedException {
    CallerRunsExecutor lone = new CallerRunsExecutor(1, workers);
    try {
      CountDownLatch later = new CountDownLatch(1);
      CountDownLatch blockerDone = new CountDownLatch(1);
      lone.execute(() -> {
        try {
          // An application callback waiting for another engine call, on the only worker.
          if (later.await(20, TimeUnit.SECONDS)) {
            blockerDone.countDown();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      lone.execute(later::countDown);
      assertTrue(blockerDone.await(20, TimeUnit.SECONDS), "a spare worker ran the later task");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (lone.workerCount() > 1) {
        assertTrue(System.nanoTime() < deadline, "the spare never left");
        Thread.sleep(CallerRunsExecutor.MONITOR_PERIOD_MILLIS);
      }
    } finally {
      lone.shutdown();
      assertTrue(lone.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aCallerWaitingForItsAnswerRunsTheTaskThatBringsIt() throws Exception {
    workersAsleep();
    Thread caller = Thread.currentThread();
    CompletableFuture<Thread> answer = new CompletableFuture<>();
    Thread server = new Thread(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (executor.waitingCallers() == 0 && System.nanoTime() < deadline) {
        Thread.yield();
      }
      // The answer comes back through the executor, as a server's reply comes back through an actor.
      executor.execute(() -> answer.complete(Thread.currentThread()));
    });
    CompletionStage<Thread> stage = CallerRuns.runUntilAnswered(() -> {
      executor.execute(server::start); // the request, which the caller runs itself
      return answer;
    }, 10_000);
    assertTrue(stage.toCompletableFuture().isDone());
    assertEquals(caller, stage.toCompletableFuture().get(), "the caller, not a worker, ran the answer's task");
    server.join();
  }

  @Test
  void whatTheAnswerLeftQueuedRunsOnTheCallerBeforeItReturns() {
    workersAsleep();
    Thread caller = Thread.currentThread();
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletionStage<String> stage = CallerRuns.runUntilAnswered(() -> {
      executor.execute(() -> {
        answer.complete("done");
        // Bookkeeping after the reply, as a node actor does once it answered.
        executor.execute(() -> ranOn.add(Thread.currentThread()));
        executor.execute(() -> ranOn.add(Thread.currentThread()));
      });
      return answer;
    }, 10_000);
    assertTrue(stage.toCompletableFuture().isDone());
    assertEquals(List.of(caller, caller), ranOn, "the caller ran the leftovers instead of waking a worker");
  }

  @Test
  void aCallerWaitsNoLongerThanItsTimeout() {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletionStage<String> stage = CallerRuns.runUntilAnswered(() -> {
      executor.execute(() -> {});
      return never;
    }, 200);
    assertFalse(stage.toCompletableFuture().isDone());
  }

  @Test
  void anInterruptedCallerStopsWaitingAndKeepsItsInterrupt() {
    CompletableFuture<String> never = new CompletableFuture<>();
    try {
      CompletionStage<String> stage = CallerRuns.runUntilAnswered(() -> {
        Thread.currentThread().interrupt();
        executor.execute(() -> {});
        return never;
      }, 60_000);
      assertFalse(stage.toCompletableFuture().isDone());
      assertTrue(Thread.interrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void shutdownRunsWhatWasQueuedAndThenRefuses() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      executor.execute(ran::countDown);
    }
    executor.shutdown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(0, ran.getCount());
    assertTrue(executor.isShutdown() && executor.isTerminated());
    assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> {}));
  }

  @Test
  void withAnotherExecutorRunOnlyRunsTheWork() throws InterruptedException {
    ExecutorService plain = Executors.newSingleThreadExecutor();
    try {
      Thread caller = Thread.currentThread();
      CountDownLatch ran = new CountDownLatch(1);
      Thread[] on = new Thread[1];
      CallerRuns.run(() -> {
        plain.execute(() -> {
          on[0] = Thread.currentThread();
          ran.countDown();
        });
        return null;
      });
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      assertNotSame(caller, on[0]);
    } finally {
      plain.shutdown();
    }
  }

  @Test
  void noWakeUpIsLostWhenWorkersParkBetweenTasks() throws InterruptedException {
    for (int round = 0; round < 200; round++) {
      CountDownLatch ran = new CountDownLatch(1);
      Thread[] on = new Thread[1];
      executor.execute(() -> {
        on[0] = Thread.currentThread();
        ran.countDown();
      });
      assertTrue(ran.await(10, TimeUnit.SECONDS), "round " + round);
      assertTrue(on[0].getName().startsWith("worker-"), on[0].getName());
    }
  }
}
