package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Node lifecycle (INACTIVE, RECLAIM with nlookup, setbacks, the live-node bound, the root) and request timeouts.
 * Runs with a short request timeout and a small node bound.
 */
class NodeLifecycleTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "jpuffs.engine { request-timeout = 400ms, ask-margin = 2s, max-nodes = 3 }")
      .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load()));
  static final EngineTesting t = new EngineTesting(testKit);
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static String next(TestServer server, String prefix) throws InterruptedException {
    while (true) {
      String line = server.log.poll(5, TimeUnit.SECONDS);
      if (line == null) {
        return null;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  @Test
  void releasingTheLastReferenceSendsInactive() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    try (Vnode root = await(mount.root())) {
      Vnode file = await(root.create("f", FILE, Cred.ROOT));
      file.release();
      assertEquals("inactive " + file.cookie(), next(server, "inactive"));
    }
  }

  @Test
  void anOpenNodeIsNotInactiveUntilClosed() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    try (Vnode root = await(mount.root())) {
      Vnode file = await(root.create("f", FILE, Cred.ROOT));
      await(file.open(1, Cred.ROOT));
      Vnode again = await(root.lookup("f", Cred.ROOT));
      file.release();
      again.release();
      await(root.getattr(Cred.ROOT));
      assertEquals(0, server.count("inactive"), "still open");
      // A reference is needed to close; lookups hand one out.
      try (Vnode closer = await(root.lookup("f", Cred.ROOT))) {
        await(closer.close(1, Cred.ROOT));
      }
      assertEquals("inactive " + file.cookie(), next(server, "inactive"));
    }
  }

  @Test
  void aClosedNodeNoLongerKeepsTheMountBusy() {
    // CLOSE is answered without waiting for the server; the open count must still drop before the caller hears back
    for (int round = 0; round < 20; round++) {
      Mount mount = t.mount(new TestServer());
      Vnode root = await(mount.root());
      Vnode file = await(root.create("f", FILE, Cred.ROOT));
      await(file.open(1, Cred.ROOT));
      await(file.close(1, Cred.ROOT));
      file.release();
      root.release();
      assertEquals(Errno.OK, errnoOrOk(mount.unmount(0)), "round " + round);
    }
  }

  private static Errno errnoOrOk(CompletionStage<?> stage) {
    try {
      await(stage);
      return Errno.OK;
    } catch (PuffsException e) {
      return e.errno();
    }
  }

  @Test
  void nodesBeyondTheBoundAreReclaimedWithTheirNlookup() throws InterruptedException {
    TestServer server = new TestServer();
    // Without the name cache, so that the lookup reaches the server and counts (a cache hit does not).
    Mount mount = t.mount(server, KFlags.NOCACHE_NAME);
    try (Vnode root = await(mount.root())) {
      Vnode a = await(root.create("a", FILE, Cred.ROOT));
      await(root.lookup("a", Cred.ROOT)).release();
      a.release();
      // "a" is idle first: wait for its INACTIVE, since every request now takes the server link's extra hop.
      assertEquals("inactive " + a.cookie(), next(server, "inactive"));
      for (String name : new String[] {"b", "c", "d"}) {
        await(root.create(name, FILE, Cred.ROOT)).release();
      }
      // Root + a, b, c, d is five live nodes for a bound of three: the oldest idle ones go, "a" first, with the two
      // lookups (create + lookup) the engine counted.
      assertEquals("reclaim " + a.cookie() + " nlookup=2", next(server, "reclaim"));
    }
  }

  @Test
  void theRootIsNeverReclaimed() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Vnode root = await(mount.root());
    for (int i = 0; i < 6; i++) {
      await(root.create("n" + i, FILE, Cred.ROOT)).release();
    }
    root.release();
    await(mount.root()).release();
    for (String line = server.log.poll(1, TimeUnit.SECONDS); line != null;
        line = server.log.poll(200, TimeUnit.MILLISECONDS)) {
      assertFalse(line.startsWith("reclaim " + TestServer.ROOT + " "), line);
      assertFalse(line.equals("inactive " + TestServer.ROOT), line);
    }
  }

  @Test
  void aReclaimedNodeIsLookedUpAfreshAsANewNode() {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    try (Vnode root = await(mount.root())) {
      Vnode a = await(root.create("a", FILE, Cred.ROOT));
      a.release();
      for (int i = 0; i < 5; i++) {
        await(root.create("x" + i, FILE, Cred.ROOT)).release();
      }
      try (Vnode again = await(root.lookup("a", Cred.ROOT))) {
        assertEquals(a.cookie(), again.cookie());
        assertEquals(VType.VREG, await(again.getattr(Cred.ROOT)).type());
      }
    }
  }

  @Test
  void aReleasedVnodeCannotBeUsed() {
    Mount mount = t.mount(new TestServer());
    Vnode root = await(mount.root());
    root.release();
    root.release();
    assertEquals(Errno.EBADF, errnoOf(root.getattr(Cred.ROOT)));
  }

  /** A server that sets setbacks from REMOVE, and implements INACTIVE. */
  static final class SetbackServer extends TestServer {
    SetbackServer(int kflags) {
      super(MountSpec.builder().typeName("sb").rootCookie(ROOT).kflags(kflags));
    }

    @Override
    public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
      super.remove(ctx, dir, target, cn);
      ctx.setback(Setbacks.INACT_N2 | Setbacks.NOREF_N2);
    }
  }

  @Test
  void withIaondemandInactiveIsSentOnlyWhenTheServerAskedForIt() throws InterruptedException {
    SetbackServer server = new SetbackServer(KFlags.IAONDEMAND);
    Mount mount = t.mount(server);
    try (Vnode root = await(mount.root())) {
      Vnode kept = await(root.create("kept", FILE, Cred.ROOT));
      kept.release();
      Vnode gone = await(root.create("gone", FILE, Cred.ROOT));
      await(root.remove(gone, "gone", Cred.ROOT));
      gone.release();
      // Only the removed node got INACT_N2, so only it is inactivated; NOREF_N2 then reclaims it at once.
      assertEquals("inactive " + gone.cookie(), next(server, "inactive"));
      assertEquals("reclaim " + gone.cookie() + " nlookup=1", next(server, "reclaim"));
      assertEquals(1, server.count("inactive"));
    }
  }

  @Test
  void anIdleNodeTheServerSaysHasNoReferencesIsReclaimedAtOnce() throws InterruptedException {
    SetbackServer server = new SetbackServer(0);
    Mount mount = t.mount(server, KFlags.NOCACHE_NAME);
    try (Vnode root = await(mount.root())) {
      Vnode file = await(root.create("f", FILE, Cred.ROOT));
      Vnode target = await(root.lookup("f", Cred.ROOT));
      file.release();
      // Still referenced through target; remove it, then let go: NOREF_N2 makes it go as soon as it is idle.
      await(root.remove(target, "f", Cred.ROOT));
      target.release();
      assertEquals("reclaim " + file.cookie() + " nlookup=2", next(server, "reclaim"));
    }
  }

  // ---- timeouts ----

  @Test
  void aRequestWithoutAReplyTimesOutAndItsLateReplyIsDropped() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    try (Vnode root = await(mount.root())) {
      var gate = server.gate("getattr", 1);
      assertEquals(Errno.ETIMEDOUT, errnoOf(root.getattr(Cred.ROOT)));
      server.gates.remove("getattr");
      gate.countDown();
      // The late reply arrives and is dropped without an error report; the node keeps working.
      assertEquals(VType.VDIR, await(root.getattr(Cred.ROOT)).type());
      assertNull(server.errors.poll(300, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void aBlockingLockRequestIsExemptFromTheTimeout() {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    try (Vnode root = await(mount.root()); Vnode file = await(root.create("locked", FILE, Cred.ROOT))) {
      Flock whole = new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 0, 0, 1);
      await(file.advlock(whole, 1, VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_POSIX, Cred.ROOT));
      assertEquals(Errno.EAGAIN, errnoOf(file.advlock(whole, 2, VnOp.Advlock.LockOp.SETLK, 0, Cred.ROOT)));
      CompletionStage<Flock> waiting =
          file.advlock(whole, 2, VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_WAIT, Cred.ROOT);
      // A request on another node times out: the request timeout has certainly passed for the waiting lock too.
      server.gate("getattr", 1);
      assertEquals(Errno.ETIMEDOUT, errnoOf(root.getattr(Cred.ROOT)));
      assertFalse(waiting.toCompletableFuture().isDone(), "the blocking lock gave up");
      await(file.advlock(whole, 1, VnOp.Advlock.LockOp.UNLCK, 0, Cred.ROOT));
      assertEquals(Flock.LockType.WRLCK, await(waiting).type());
      Flock conflict = await(file.advlock(whole, 3, VnOp.Advlock.LockOp.GETLK, 0, Cred.ROOT));
      assertEquals(2, conflict.pid());
    }
  }

  @Test
  void withoutAdvlockInTheMaskTheEngineKeepsPosixLocks() {
    Mount mount = t.mount(new TestServer());
    try (Vnode root = await(mount.root()); Vnode file = await(root.create("ranges", FILE, Cred.ROOT))) {
      Flock first = new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 0, 100, 1);
      await(file.advlock(first, 1, VnOp.Advlock.LockOp.SETLK, 0, Cred.ROOT));
      Flock after = new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 100, 10, 2);
      await(file.advlock(after, 2, VnOp.Advlock.LockOp.SETLK, 0, Cred.ROOT));
      // Unlocking the middle splits owner 1's lock; the hole can then be taken by another owner.
      await(file.advlock(new Flock(Flock.LockType.UNLCK, Flock.Whence.SET, 40, 20, 1), 1,
          VnOp.Advlock.LockOp.UNLCK, 0, Cred.ROOT));
      await(file.advlock(new Flock(Flock.LockType.RDLCK, Flock.Whence.SET, 45, 10, 3), 3,
          VnOp.Advlock.LockOp.SETLK, 0, Cred.ROOT));
      assertEquals(Errno.EAGAIN, errnoOf(file.advlock(new Flock(Flock.LockType.RDLCK, Flock.Whence.SET, 30, 1, 3),
          3, VnOp.Advlock.LockOp.SETLK, 0, Cred.ROOT)));
      Flock free = await(file.advlock(new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 200, 5, 4), 4,
          VnOp.Advlock.LockOp.GETLK, 0, Cred.ROOT));
      assertEquals(Flock.LockType.UNLCK, free.type());
    }
  }

  @Test
  void foundRepliesCarryTheServersNodeInfo() {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    try (Vnode root = await(mount.root())) {
      Vnode file = await(root.create("f", FILE, Cred.ROOT));
      OpReply.NewNode found = file.found();
      assertEquals(file.cookie(), found.cookie());
      assertTrue(server.log.stream().anyMatch(line -> line.startsWith("create f")));
      file.release();
    }
  }
}
