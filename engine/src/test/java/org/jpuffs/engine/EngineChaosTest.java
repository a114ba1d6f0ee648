package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.servers.chaos.ChaosConfig;
import org.jpuffs.servers.chaos.ChaosFault;
import org.jpuffs.servers.chaos.ChaosFs;
import org.jpuffs.servers.chaos.InjectedFault;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The engine against a misbehaving server: memfs behind the chaos server, which injects errors, invalid errnos,
 * "resid grew" replies, wrong cookies, bad node types, dropped replies and latency. Every op is checked: an injected
 * fault must come back as the errno the chaos server documents for it (and its error report must reach the server),
 * no op may hang, and afterwards the mount unmounts cleanly and leaves no actor behind.
 */
class EngineChaosTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "jpuffs.engine { request-timeout = 300ms, ask-margin = 2s }")
      .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load()));
  static final EngineTesting t = new EngineTesting(testKit);
  static final long SEED = Long.getLong("jpuffs.engine.chaos.seed", 20261125L);
  static final int OPS = Integer.getInteger("jpuffs.engine.chaos.ops", 1500);
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  static final Vattr DIR = Vattr.builder().type(VType.VDIR).mode(0755).build();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** Puts the chaos interceptor in place and keeps every error report the engine sends to the server. */
  static final class Reports implements RequestInterceptor {
    final RequestInterceptor chaos;
    final BlockingQueue<ErrorReport> reports = new LinkedBlockingQueue<>();

    Reports(RequestInterceptor chaos) {
      this.chaos = chaos;
    }

    @Override
    public Verdict onRequest(PuffsRequest request) {
      if (request.op() instanceof ErrorReport report) {
        reports.add(report);
      }
      return chaos.onRequest(request);
    }

    @Override
    public Verdict onReply(PuffsRequest request, PuffsReply reply) {
      return chaos.onReply(request, reply);
    }

    /** Reports taken from the queue that did not match what was looked for, kept for later looks. */
    final List<ErrorReport> passed = new ArrayList<>();

    /**
     * Waits for a report of {@code type} and takes it. Reports of the engine's own background requests (INACTIVE)
     * may come in between, so this looks for a match rather than taking the next one.
     */
    boolean take(org.jpuffs.api.protocol.PuffsErr type) {
      for (ErrorReport report : passed) {
        if (report.type() == type) {
          passed.remove(report);
          return true;
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      try {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
          ErrorReport report = reports.poll(left, TimeUnit.NANOSECONDS);
          if (report != null && report.type() == type) {
            return true;
          }
          if (report != null) {
            passed.add(report);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  @Test
  void everyInjectedFaultBecomesItsDocumentedErrnoWithoutHangsOrLeaks() {
    ChaosConfig config = ChaosConfig.builder().seed(SEED)
        .errors(0.03, Errno.EIO, Errno.ENOSPC, Errno.EACCES)
        .invalidErrnos(0.03).residGrew(0.04).wrongCookies(0.04).badVtypes(0.03).dropReplies(0.01)
        .latency(0.05, Duration.ZERO, Duration.ofMillis(2)).noCrash().build();
    ChaosFs chaos = new ChaosFs(new MemFs(), config);
    Reports reports = new Reports(chaos.interceptor());
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(chaos,
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withInterceptor(reports)));
    String name = freshName();
    // Without caches, so that every op meets the chaos it draws (a cache hit would skip its faults, and a write-back
    // write would be answered before the WRITE that carries it).
    Mount mount = await(t.engine.mount(MountRequest.of(name).withExtraKflags(KFlags.NOCACHE), runtime));

    Random random = new Random(SEED);
    Map<ChaosFault, Integer> checked = new EnumMap<>(ChaosFault.class);
    List<String> names = new ArrayList<>();
    try (Vnode root = await(mount.root())) {
      for (int i = 0; i < OPS; i++) {
        int before = chaos.counters().log().size();
        String what = "op " + i + " (seed " + SEED + ")";
        Outcome outcome = runOne(random, root, names, i);
        List<InjectedFault> log = chaos.counters().log();
        List<InjectedFault> faults = log.subList(before, log.size());
        for (InjectedFault fault : faults) {
          if (fault.op().equals("VN INACTIVE") || fault.op().equals("VN RECLAIM")
              || fault.op().equals("VN SETATTR")) {
            // The engine's own requests after a release, not this op's: their errors are ignored, as in puffs. (The
            // workload sends no SETATTR itself: each one is the metadata cache's flush before INACTIVE.)
            continue;
          }
          expect(fault, outcome, reports, what);
          checked.merge(fault.fault(), 1, Integer::sum);
          if (fault.expectedErrno() != null || fault.fault() == ChaosFault.DROP) {
            break; // the op failed at this request; later faults of the same op cannot happen.
          }
        }
      }
    }
    for (ChaosFault fault : List.of(ChaosFault.ERROR, ChaosFault.INVALID_ERRNO, ChaosFault.RESID_GREW,
        ChaosFault.WRONG_COOKIE, ChaosFault.BAD_VTYPE, ChaosFault.DROP)) {
      assertTrue(checked.getOrDefault(fault, 0) > 0, "no " + fault + " was injected and checked: " + checked);
    }
    // No reference leaked (an unforced unmount would be EBUSY), and nothing of the mount is left running. The
    // unmount's own requests (its SYNC, its UNMOUNT) may draw faults as well: those are retried, EBUSY is not.
    unmountDespiteChaos(mount);
    assertThrows(Exception.class, () -> testKit.system().classicSystem()
        .actorSelection("/system/*/mount-" + name + "-*").resolveOne(Duration.ofSeconds(1))
        .toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  private static void unmountDespiteChaos(Mount mount) {
    for (int attempt = 1; ; attempt++) {
      try {
        await(mount.unmount(0));
        return;
      } catch (PuffsException e) {
        assertNotEquals(Errno.EBUSY, e.errno(), "a vnode reference leaked");
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** What an op came to: its errno (OK for success). */
  record Outcome(Errno errno) {}

  private static Outcome runOne(Random random, Vnode root, List<String> names, int i) {
    int choice = random.nextInt(100);
    try {
      if (names.isEmpty() || choice < 20) {
        String n = "f" + i;
        if (random.nextInt(4) == 0) {
          await(root.mkdir(n, DIR, Cred.ROOT)).release();
        } else {
          await(root.create(n, FILE, Cred.ROOT)).release();
        }
        names.add(n);
        return new Outcome(Errno.OK);
      }
      String n = names.get(random.nextInt(names.size()));
      if (choice < 40) {
        await(root.lookup(n, Cred.ROOT)).release();
      } else if (choice < 55) {
        await(root.getattr(Cred.ROOT));
      } else if (choice < 70) {
        await(root.readdir(0, 8192, 0, Cred.ROOT));
      } else if (choice < 85) {
        try (Vnode node = lookupQuietly(root, n)) {
          if (node == null) {
            return new Outcome(Errno.OK);
          }
          if (node.type() == VType.VREG) {
            return attempt(() -> node.write(0, Bytes.utf8("data " + i), 0, Cred.ROOT));
          }
          return attempt(() -> node.getattr(Cred.ROOT));
        }
      } else if (choice < 95) {
        try (Vnode node = lookupQuietly(root, n)) {
          if (node == null || node.type() != VType.VREG) {
            return new Outcome(Errno.OK);
          }
          return attempt(() -> node.read(0, 100, 0, Cred.ROOT));
        }
      } else {
        try (Vnode node = lookupQuietly(root, n)) {
          if (node == null) {
            return new Outcome(Errno.OK);
          }
          names.remove(n);
          return attempt(() -> node.type() == VType.VDIR ? root.rmdir(node, n, Cred.ROOT)
              : root.remove(node, n, Cred.ROOT));
        }
      }
      return new Outcome(Errno.OK);
    } catch (PuffsException e) {
      return new Outcome(e.errno());
    }
  }

  /**
   * The lookup that starts a compound op. A fault it draws is the op's outcome: the lookup's PuffsException ends the
   * op in {@link #runOne}, and the op proper never happens.
   */
  private static Vnode lookupQuietly(Vnode root, String name) {
    return await(root.lookup(name, Cred.ROOT));
  }

  private static Outcome attempt(java.util.function.Supplier<CompletionStage<?>> op) {
    try {
      op.get().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return new Outcome(Errno.OK);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PuffsException puffs) {
        return new Outcome(puffs.errno());
      }
      throw new AssertionError(e.getCause());
    } catch (TimeoutException | InterruptedException e) {
      return fail("an op hung");
    }
  }

  private static void expect(InjectedFault fault, Outcome outcome, Reports reports, String what) {
    if (fault.fault() == ChaosFault.DROP) {
      assertEquals(Errno.ETIMEDOUT, outcome.errno(), what + ": " + fault);
    } else if (fault.expectedErrno() != null) {
      assertEquals(fault.expectedErrno(), outcome.errno(), what + ": " + fault);
    }
    if (fault.expectedReport() != null) {
      assertTrue(reports.take(fault.expectedReport()), what + ": no " + fault.expectedReport() + " report for "
          + fault);
    }
  }
}
