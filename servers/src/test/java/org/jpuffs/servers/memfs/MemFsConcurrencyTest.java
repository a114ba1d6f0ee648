package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.servers.conformance.ServerClient;
import org.jpuffs.servers.conformance.TreeInvariants;
import org.junit.jupiter.api.Test;

/**
 * Eight threads, 5,000 mixed operations each, on one memfs and one small shared namespace, so that they collide on
 * names, directories and files. Every failure must be an ordinary errno of a lost race; nothing may deadlock; and the
 * tree must be consistent afterwards.
 */
class MemFsConcurrencyTest {
  private static final int THREADS = 8;
  private static final int OPS = 5_000;
  private static final String[] NAMES = {"a", "b", "c", "d", "e", "f"};
  /** The errnos a lost race may produce; anything else is a bug. */
  private static final Set<Errno> RACE_ERRNOS = Set.of(Errno.ENOENT, Errno.EEXIST, Errno.ENOTDIR, Errno.EISDIR,
      Errno.ENOTEMPTY, Errno.EINVAL, Errno.EAGAIN, Errno.EPERM);

  @Test
  void eightThreadsOfMixedOpsKeepTheTreeConsistent() throws Exception {
    MemFs fs = new MemFs();
    ServerClient client = new ServerClient(fs, Cred.ROOT);
    Map<Errno, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicInteger successes = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = 1000 + t;
        workers.add(pool.submit(() -> {
          start.await();
          Random random = new Random(seed);
          for (int i = 0; i < OPS; i++) {
            try {
              operate(client, random);
              successes.incrementAndGet();
            } catch (PuffsException e) {
              assertTrue(RACE_ERRNOS.contains(e.errno()), () -> "unexpected " + e);
              failures.computeIfAbsent(e.errno(), k -> new AtomicInteger()).incrementAndGet();
            }
          }
          return null;
        }));
      }
      assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
        start.countDown();
        for (Future<?> w : workers) {
          w.get();
        }
      }, "the workers deadlocked or hung");
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
    assertTrue(successes.get() > THREADS * OPS / 10, "too few ops succeeded to mean anything: " + successes);
    int nodes = TreeInvariants.check(client);
    assertTrue(nodes > 1);
    long used = fs.capacity().usedNodes();
    assertTrue(used >= nodes, "capacity counts " + used + " nodes, the tree has " + nodes);
  }

  private static void operate(ServerClient c, Random random) {
    String path = path(random);
    String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    String name = path.substring(path.lastIndexOf('/') + 1);
    switch (random.nextInt(15)) {
      case 0:
        c.create(c.resolve(parent), name, 0644);
        break;
      case 1:
        c.mkdir(c.resolve(parent), name, 0755);
        break;
      case 2:
      case 3: {
        byte[] data = new byte[1 + random.nextInt(10_000)];
        random.nextBytes(data);
        c.write(c.resolve(path), random.nextInt(20_000), data);
        break;
      }
      case 4:
        c.readAll(c.resolve(path));
        break;
      case 5:
        c.truncate(c.resolve(path), random.nextInt(30_000));
        break;
      case 6:
        c.remove(c.resolve(parent), name);
        break;
      case 7:
        c.rmdir(c.resolve(parent), name);
        break;
      case 8:
      case 9: {
        String to = path(random);
        String toParent = to.contains("/") ? to.substring(0, to.lastIndexOf('/')) : "";
        c.rename(c.resolve(parent), name, c.resolve(toParent), to.substring(to.lastIndexOf('/') + 1));
        break;
      }
      case 10:
        c.link(c.resolve(parent), c.resolve(path(random)), name);
        break;
      case 11:
        c.symlink(c.resolve(parent), name, "target-" + random.nextInt(10));
        break;
      case 12:
        c.chmod(c.resolve(path), 0700 | random.nextInt(0100));
        break;
      case 13:
        c.names(c.resolve(parent));
        break;
      default: {
        Cookie f = c.resolve(path);
        long owner = random.nextInt(4);
        long start = random.nextInt(100);
        Flock lock = new Flock(random.nextBoolean() ? Flock.LockType.RDLCK : Flock.LockType.WRLCK,
            Flock.Whence.SET, start, random.nextInt(50), 1);
        c.server().advlock(c.ctx(), f, lock, owner, VnOp.Advlock.LockOp.SETLK, 0);
        c.server().advlock(c.ctx(), f, lock, owner, VnOp.Advlock.LockOp.UNLCK, 0);
        break;
      }
    }
  }

  private static String path(Random random) {
    StringBuilder sb = new StringBuilder(NAMES[random.nextInt(NAMES.length)]);
    int depth = random.nextInt(3);
    for (int d = 0; d < depth; d++) {
      sb.append('/').append(NAMES[random.nextInt(NAMES.length)]);
    }
    return sb.toString();
  }

  @Test
  void invariantsHoldOnAFreshTree() {
    assertEquals(1, TreeInvariants.check(new ServerClient(new MemFs(), Cred.ROOT)));
  }
}
