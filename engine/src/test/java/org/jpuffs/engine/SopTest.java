package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FlushOp;
import org.jpuffs.api.protocol.SopOp;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.Sop;
import org.jpuffs.engine.sop.Invalidation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sop actor: FLUSH ops from the server with puffsop_flush's checks, listeners, SUSPEND, and exit. */
class SopTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final EngineTesting t = new EngineTesting(testKit);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A TestServer that hands its Sop to the test. */
  static final class SopServer extends TestServer {
    final CompletableFuture<Sop> sop = new CompletableFuture<>();

    @Override
    public void mounted(Sop sop) {
      this.sop.complete(sop);
    }
  }

  private SopServer server;
  private Mount mount;
  private Sop sop;
  private Vnode root;
  private Vnode file;
  private final BlockingQueue<Invalidation> heard = new LinkedBlockingQueue<>();

  @BeforeEach
  void mount() throws Exception {
    server = new SopServer();
    mount = t.mount(server);
    mount.addInvalidationListener(heard::add);
    sop = server.sop.get(5, TimeUnit.SECONDS);
    root = await(mount.root());
    file = await(root.create("f", Vattr.builder().type(VType.VREG).mode(0644).build(), Cred.ROOT));
    await(file.write(0, Bytes.of(new byte[10_000]), 0, Cred.ROOT));
  }

  @Test
  void invalNamecacheNodeIsImplemented() throws InterruptedException {
    // NetBSD answers EINVAL here (the code is under #if 0); jpuffs applies it.
    await(sop.invalNamecacheNode(file.cookie()));
    assertEquals(new Invalidation(mount.name(), FlushOp.INVAL_NAMECACHE_NODE, file.cookie(), 0, 0),
        heard.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void invalNamecacheDirNeedsADirectory() throws InterruptedException {
    assertEquals(Errno.EINVAL, errnoOf(sop.invalNamecacheDir(file.cookie())));
    await(sop.invalNamecacheDir(root.cookie()));
    assertEquals(FlushOp.INVAL_NAMECACHE_DIR, heard.poll(5, TimeUnit.SECONDS).op());
  }

  @Test
  void invalNamecacheAllNeedsNoCookie() throws InterruptedException {
    await(sop.invalNamecacheAll());
    assertEquals(new Invalidation(mount.name(), FlushOp.INVAL_NAMECACHE_ALL, Cookie.NONE, 0, 0),
        heard.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void pageCacheOpsNeedARegularFile() {
    assertEquals(Errno.EINVAL, errnoOf(sop.invalPagecacheNode(root.cookie())));
    assertEquals(Errno.EINVAL, errnoOf(sop.flushPagecacheNode(root.cookie())));
  }

  @Test
  void pageCacheOpsRejectAnEndBeyondTheSize() {
    assertEquals(Errno.EINVAL, errnoOf(sop.invalPagecacheNodeRange(file.cookie(), 0, 10_001)));
    await(sop.invalPagecacheNodeRange(file.cookie(), 0, 10_000));
  }

  @Test
  void pageCacheOpsRejectLoNotBelowHi() {
    assertEquals(Errno.EINVAL, errnoOf(sop.flushPagecacheNodeRange(file.cookie(), 500, 500)));
    assertEquals(Errno.EINVAL, errnoOf(sop.flushPagecacheNodeRange(file.cookie(), 600, 500)));
    // hi 0 means the whole file, whatever lo is.
    await(sop.flushPagecacheNodeRange(file.cookie(), 600, 0));
  }

  @Test
  void anUnknownCookieIsEnoent() {
    assertEquals(Errno.ENOENT, errnoOf(sop.invalNamecacheNode(Cookie.of(0xdead))));
    assertEquals(Errno.ENOENT, errnoOf(sop.invalPagecacheNode(Cookie.of(0xdead))));
  }

  @Test
  void aRejectedInvalidationIsNotHeardByListeners() throws InterruptedException {
    assertEquals(Errno.EINVAL, errnoOf(sop.invalNamecacheDir(file.cookie())));
    assertNull(heard.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void suspendIsAnsweredEopnotsupp() {
    assertEquals(Errno.EOPNOTSUPP, errnoOf(sop.send(new SopOp.Suspend(0))));
  }

  @Test
  void afterUnmountTheSopFailsEnxio() {
    file.release();
    root.release();
    await(mount.unmount(0));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(Errno.ENXIO, errnoOf(sop.invalNamecacheAll()));
      return null;
    });
  }
}
