package org.jpuffs.engine.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's default dispatcher executor: a few worker threads over one queue, and the option for a thread that
 * hands the engine a request to run the work that request caused itself ({@link CallerRuns}).
 *
 * <p>Why by hand: on the small VMs this runs on, waking a parked thread is the most expensive thing a request does.
 * A CPU profile of FUSE creates spent more time in futex wake-ups and the hypervisor's interrupt handling than in the
 * engine and memfs together (docs/performance.md, "Session 17"). A FUSE reader thread that read a LOOKUP would wake a
 * dispatcher thread, and go back to sleep in read(2) while that thread ran the mount's and node's actors and the
 * server; libfuse's worker runs the whole request on the thread that read it. No executor in the JDK or Pekko lets an
 * outside thread run the tasks it submits without signalling a worker: {@code ForkJoinPool} wakes a worker on every
 * external submission, and Pekko's affinity pool polls with timed parks (measured slower, "Session 16").
 *
 * <p>Tasks run in submission order as far as one queue gives it; actors keep their own guarantees, since Pekko's
 * mailboxes let only one thread at a time run an actor, whichever thread that is.
 *
 * <p>A task that blocks (an application's callback waiting for another engine call: the engine completes client
 * futures on this executor) must not stall the engine, which on a small machine has a single worker. Pekko's
 * fork-join pool compensates for a {@code CompletableFuture.get} on a worker; this executor has a monitor thread
 * instead, which every {@value #MONITOR_PERIOD_MILLIS} ms checks that queued tasks are being run, and starts a spare
 * worker when all workers are busy and none finished a task since the last check. Spare workers leave after
 * {@value #SPARE_IDLE_MILLIS} ms without work.
 */
final class CallerRunsExecutor extends AbstractExecutorService {
  /** The most tasks a caller runs before it leaves the rest to the workers: a reader must get back to reading. */
  static final int CALLER_RUN_LIMIT = 256;
  static final long MONITOR_PERIOD_MILLIS = 100;
  static final long SPARE_IDLE_MILLIS = 1_000;
  /** Spare workers beyond the configured ones, at most: a bound on threads if callbacks keep blocking. */
  static final int MOST_SPARES = 256;

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  /** Callers parked in {@link #helpUntil}: a task is offered to them before any worker, since they wake anyway. */
  private final ConcurrentLinkedQueue<Sleeper> waiters = new ConcurrentLinkedQueue<>();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final ThreadFactory threadFactory;
  private final AtomicLong finished = new AtomicLong();
  /** The configured workers; any beyond them in {@link #workers} are spares. */
  private final int coreWorkers;
  private final Thread monitor;
  private int live;
  private volatile boolean shutdown;

  CallerRunsExecutor(int threads, ThreadFactory threadFactory) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    this.threadFactory = threadFactory;
    this.coreWorkers = threads;
    for (int i = 0; i < threads; i++) {
      workers.add(new Worker(false));
    }
    monitor = threadFactory.newThread(this::monitor);
    live = threads + 1;
    workers.forEach(worker -> worker.thread.start());
    monitor.start();
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("the engine's dispatcher is shut down");
    }
    queue.add(task);
    if (!CallerRuns.owe(this)) {
      wakeOne();
    }
  }

  /**
   * Runs queued tasks on the calling thread until none is left, {@link #CALLER_RUN_LIMIT} ran or the thread is
   * interrupted; {@link #wakeIfQueued} then leaves the rest to a worker.
   */
  void runQueued() {
    for (int ran = 0; ran < CALLER_RUN_LIMIT; ran++) {
      if (Thread.currentThread().isInterrupted()) {
        // Pekko's mailbox clears an interrupt it finds and throws it: the caller would lose its interrupt status.
        return;
      }
      Runnable task = queue.poll();
      if (task == null) {
        return;
      }
      runSafely(task);
    }
  }

  /**
   * Runs queued tasks on the calling thread until {@code done} completes, the deadline passes or the thread is
   * interrupted, parking in between as a waiter that the next task wakes before any worker. For a caller that would
   * only block on {@code done} otherwise (a {@code java.nio.file} call): its answer comes through this executor, so
   * the caller running it is one thread woken instead of two.
   */
  void helpUntil(CompletableFuture<?> done, long deadlineNanos) {
    Sleeper me = new Sleeper(Thread.currentThread());
    done.whenComplete((value, failure) -> me.wake());
    while (!done.isDone() && !Thread.currentThread().isInterrupted()) {
      Runnable task = queue.poll();
      if (task != null) {
        runSafely(task);
        continue;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      me.sleeping.set(true);
      waiters.add(me);
      if (queue.isEmpty() && !done.isDone()) {
        LockSupport.parkNanos(this, left);
      }
      me.sleeping.set(false);
      waiters.remove(me);
    }
  }

  /** Wakes a worker if tasks wait and the caller leaves them ({@link CallerRuns} calls it last). */
  void wakeIfQueued() {
    if (!queue.isEmpty()) {
      wakeOne();
    }
  }

  /** How many workers sleep now (tests wait for all, so that no worker takes what a caller should run). */
  int sleepingWorkers() {
    return (int) workers.stream().filter(worker -> worker.sleeper.sleeping.get()).count();
  }

  /** How many callers are parked in {@link #helpUntil} now (for tests). */
  int waitingCallers() {
    return (int) waiters.stream().filter(waiter -> waiter.sleeping.get()).count();
  }

  /** How many workers there are now, spares included. */
  int workerCount() {
    return workers.size();
  }

  private void wakeOne() {
    for (Sleeper waiter; (waiter = waiters.poll()) != null; ) {
      if (waiter.wake()) {
        return;
      }
    }
    for (Worker worker : workers) {
      if (worker.sleeper.wake()) {
        return;
      }
    }
  }

  private void runSafely(Runnable task) {
    try {
      task.run();
    } catch (Throwable failure) {
      // A task that throws must not take a worker, or a FUSE reader running tasks for its request, with it.
      Thread current = Thread.currentThread();
      current.getUncaughtExceptionHandler().uncaughtException(current, failure);
    } finally {
      finished.incrementAndGet();
    }
  }

  /** Starts a spare worker when tasks wait, no worker sleeps and no task finished for a whole period. */
  private void monitor() {
    try {
      long seen = -1;
      while (!shutdown) {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(MONITOR_PERIOD_MILLIS));
        long now = finished.get();
        if (now == seen && !queue.isEmpty() && sleepingWorkers() == 0 && workers.size() - coreWorkers < MOST_SPARES
            && !shutdown) {
          startSpare();
        }
        seen = now;
      }
    } finally {
      exited();
    }
  }

  private void startSpare() {
    Worker spare = new Worker(true);
    synchronized (this) {
      if (shutdown) {
        return;
      }
      live++;
    }
    workers.add(spare);
    spare.thread.start();
  }

  private synchronized void exited() {
    live--;
    notifyAll();
  }

  @Override
  public void shutdown() {
    synchronized (this) {
      shutdown = true;
    }
    for (Worker worker : workers) {
      worker.sleeper.sleeping.set(false);
      LockSupport.unpark(worker.thread);
    }
    LockSupport.unpark(monitor);
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    List<Runnable> left = new ArrayList<>();
    for (Runnable task; (task = queue.poll()) != null; ) {
      left.add(task);
    }
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && live == 0;
  }

  @Override
  public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!isTerminated()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** A thread that may park: it sets {@link #sleeping} first, and whoever clears it unparks the thread. */
  private static final class Sleeper {
    final AtomicBoolean sleeping = new AtomicBoolean();
    final Thread thread;

    Sleeper(Thread thread) {
      this.thread = thread;
    }

    /** Wakes the thread if it sleeps; {@code true} if it did. */
    boolean wake() {
      if (sleeping.get() && sleeping.compareAndSet(true, false)) {
        LockSupport.unpark(thread);
        return true;
      }
      return false;
    }
  }

  /** A worker thread: runs queued tasks, parks when there are none, and leaves once shut down and drained. */
  private final class Worker implements Runnable {
    final boolean spare;
    final Thread thread;
    /** Set by the worker just before it parks; whoever clears it unparks the worker. */
    final Sleeper sleeper;

    Worker(boolean spare) {
      this.spare = spare;
      this.thread = threadFactory.newThread(this);
      this.sleeper = new Sleeper(thread);
    }

    @Override
    public void run() {
      try {
        while (true) {
          Runnable task = queue.poll();
          if (task != null) {
            runSafely(task);
          } else if (shutdown || !sleep()) {
            return;
          }
        }
      } finally {
        if (spare) {
          workers.remove(this);
          // A task queued while it was leaving was offered to it, or to nobody: hand it on.
          wakeIfQueued();
        }
        exited();
      }
    }

    /**
     * Parks until woken; the queue is checked again after {@code sleeping} is set, so no wake-up is lost. A spare
     * sleeps at most {@link #SPARE_IDLE_MILLIS}; {@code false} if it should leave.
     */
    private boolean sleep() {
      sleeper.sleeping.set(true);
      if (!queue.isEmpty() || shutdown) {
        sleeper.sleeping.set(false);
        return true;
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SPARE_IDLE_MILLIS);
      while (sleeper.sleeping.get()) {
        if (!spare) {
          LockSupport.park(this);
        } else if (System.nanoTime() < deadline) {
          LockSupport.parkNanos(this, deadline - System.nanoTime());
        } else if (sleeper.sleeping.compareAndSet(true, false)) {
          return false; // nobody woke it in time
        }
      }
      return true;
    }
  }
}
