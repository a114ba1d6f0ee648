package org.jpuffs.api.server;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The executors a blocking server's ops run on. */
public final class ServerExecutors {
  private ServerExecutors() {}

  /** Which kind of executor. */
  public enum Kind {
    /** A virtual thread per request where the JDK has them (21+), otherwise a pool. */
    AUTO,
    /** A virtual thread per request; fails on a JDK without them. */
    VIRTUAL,
    /** A fixed pool of platform threads. */
    POOL,
    /**
     * No pool: ops run on the runtime's own actor thread, which saves two thread hand-offs per request. Only for a
     * server whose ops never block (memfs: in memory); a blocking lock request still waits on a thread of its own.
     */
    INLINE;

    /** The kind named {@code text} ({@code auto}, {@code virtual}, {@code pool}, {@code inline}). */
    public static Kind parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("jpuffs.server.executor must be auto, virtual, pool or inline, not " + text, e);
      }
    }
  }

  /** {@code true} if this JDK has virtual threads. */
  public static boolean virtualThreadsAvailable() {
    return virtualFactory() != null;
  }

  static ExecutorService create(Kind kind, int poolSize, String name) {
    Method virtual = virtualFactory();
    if (kind == Kind.VIRTUAL && virtual == null) {
      throw new IllegalStateException("virtual threads need Java 21+, this is " + Runtime.version());
    }
    if (kind != Kind.POOL && virtual != null) {
      try {
        return (ExecutorService) virtual.invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create a virtual-thread executor", e);
      }
    }
    return fixedPool(poolSize, name);
  }

  /**
   * Threads for blocking lock requests, one per waiter: a waiter may need the unlock that another op brings, so
   * waiters must never fill the bounded pool. Virtual threads where the JDK has them.
   */
  static ExecutorService createWaiting(String name) {
    Method virtual = virtualFactory();
    if (virtual != null) {
      try {
        return (ExecutorService) virtual.invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create a virtual-thread executor", e);
      }
    }
    AtomicInteger n = new AtomicInteger();
    return java.util.concurrent.Executors.newCachedThreadPool(task -> {
      Thread t = new Thread(task, "jpuffs-lockwait-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private static ExecutorService fixedPool(int size, String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = task -> {
      Thread t = new Thread(task, "jpuffs-server-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor}, looked up reflectively so this compiles for Java 17. */
  private static Method virtualFactory() {
    try {
      return java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
