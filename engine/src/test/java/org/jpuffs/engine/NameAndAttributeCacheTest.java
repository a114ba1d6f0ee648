package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.Sop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The name and attribute caches: each rule of puffs' section 6 proven by counting what reaches the server, hits
 * answered with an already completed stage (no actor message), and TTLs judged by a clock the test moves.
 */
class NameAndAttributeCacheTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final CacheTesting caches = new CacheTesting(testKit, "");
  static final CacheTesting oneNode = new CacheTesting(testKit, "jpuffs.engine.max-nodes = 1");
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  static final Vattr DIR = Vattr.builder().type(VType.VDIR).mode(0755).build();
  static final Timespec TEN_SECONDS = new Timespec(10, 0);
  static final Cred CRED = Cred.ROOT;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A TestServer that gives its Sop to the test. */
  static final class SopServer extends TestServer {
    final CompletableFuture<Sop> sop = new CompletableFuture<>();

    @Override
    public void mounted(Sop sop) {
      this.sop.complete(sop);
    }
  }

  /** A TestServer that renames within its one flat name space. */
  static final class RenamingServer extends TestServer {
    @Override
    public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName,
        Cookie targetDir, Cookie target, ComponentName targetName) {
      Cookie moved = names.remove(sourceName.name());
      if (moved == null) {
        throw new PuffsException(Errno.ENOENT);
      }
      names.put(targetName.name(), moved);
    }
  }

  /** Resolves {@code name} in {@code dir}; the stage must already be complete: a hit costs no message. */
  private static Vnode hit(Vnode dir, String name) {
    CompletionStage<Vnode> stage = dir.lookup(name, CRED);
    assertTrue(stage.toCompletableFuture().isDone(), "lookup of " + name + " was not answered at once");
    return await(stage);
  }

  // ---- name cache ----

  @Test
  void aCreatedNameIsFoundWithoutTheServer() {
    TestServer server = new TestServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode made = await(root.create("f", FILE, CRED));
    Vnode found = hit(root, "f");
    assertEquals(made.cookie(), found.cookie());
    assertEquals(0, server.count("lookup"));
    found.release();
    made.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aLookedUpNameIsAskedOnceThenCached() {
    TestServer server = new TestServer();
    server.names.put("x", Cookie.of(7));
    server.types.put(Cookie.of(7), VType.VREG);
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    await(root.lookup("x", CRED)).release();
    hit(root, "x").release();
    hit(root, "x").release();
    assertEquals(1, server.count("lookup"));
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aMissingNameIsCachedNegativelyUntilItIsCreated() {
    TestServer server = new TestServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    assertEquals(Errno.ENOENT, errnoOf(root.lookup("nope", CRED)));
    CompletionStage<Vnode> again = root.lookup("nope", CRED);
    assertTrue(again.toCompletableFuture().isDone());
    assertEquals(Errno.ENOENT, errnoOf(again));
    assertEquals(1, server.count("lookup"));
    Vnode made = await(root.create("nope", FILE, CRED));
    Vnode found = hit(root, "nope");
    assertEquals(made.cookie(), found.cookie());
    assertEquals(1, server.count("lookup"));
    found.release();
    made.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void removeAndRenamePurgeTheirNames() {
    TestServer server = new RenamingServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(root.remove(f, "f", CRED));
    assertEquals(Errno.ENOENT, errnoOf(root.lookup("f", CRED)));
    assertEquals(1, server.count("lookup"), "the removed name was asked for");
    Vnode g = await(root.create("g", FILE, CRED));
    await(root.rename(g, "g", root, null, "h", CRED));
    int before = server.count("lookup");
    errnoOf(root.lookup("g", CRED));
    assertEquals(before + 1, server.count("lookup"), "the renamed source name was asked for");
    f.release();
    g.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aRenameIntoAnotherDirectoryPurgesTheTargetNameThere() {
    TestServer server = new RenamingServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode dir = await(root.mkdir("d", DIR, CRED));
    assertEquals(Errno.ENOENT, errnoOf(dir.lookup("t", CRED)));
    Vnode g = await(root.create("g", FILE, CRED));
    await(root.rename(g, "g", dir, null, "t", CRED));
    int before = server.count("lookup");
    // The TestServer's names are flat, so "t" is found in dir too; the negative entry there must not answer.
    Vnode t = await(dir.lookup("t", CRED));
    assertEquals(g.cookie(), t.cookie());
    assertEquals(before + 1, server.count("lookup"));
    t.release();
    g.release();
    dir.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void withoutTheNameCacheEveryLookupReachesTheServer() {
    TestServer server = new TestServer();
    Mount mount = caches.mount(server, KFlags.NOCACHE_NAME);
    Vnode root = await(mount.root());
    await(root.create("f", FILE, CRED)).release();
    await(root.lookup("f", CRED)).release();
    await(root.lookup("f", CRED)).release();
    errnoOf(root.lookup("nope", CRED));
    errnoOf(root.lookup("nope", CRED));
    assertEquals(4, server.count("lookup"));
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void dotIsResolvedWithoutAMessageAndDotdotOnlyWithCacheDotdot() {
    TestServer server = new TestServer();
    Mount plain = caches.mount(server, 0);
    Vnode root = await(plain.root());
    Vnode dir = await(root.mkdir("d", DIR, CRED));
    Vnode self = hit(dir, ".");
    assertEquals(dir.cookie(), self.cookie());
    self.release();
    assertEquals(Errno.ENOENT, errnoOf(dir.lookup("..", CRED)), "the flat TestServer has no \"..\"");
    assertEquals(1, server.count("lookup"));
    dir.release();
    root.release();
    await(plain.unmount(0));

    TestServer dotdotServer = new TestServer();
    Mount dotdot = caches.mount(dotdotServer, KFlags.CACHE_DOTDOT);
    Vnode root2 = await(dotdot.root());
    Vnode dir2 = await(root2.mkdir("d", DIR, CRED));
    // The parent is remembered by the child's actor, told by the parent's after the mkdir answered.
    testKit.createTestProbe().awaitAssert(() -> {
      assertNotNull(dir2.cache().parent());
      return null;
    });
    Vnode parent = hit(dir2, "..");
    assertEquals(root2.cookie(), parent.cookie());
    assertEquals(0, dotdotServer.count("lookup"));
    parent.release();
    dir2.release();
    root2.release();
    await(dotdot.unmount(0));
  }

  @Test
  void invalidationsMakeTheNextLookupReachTheServer() throws Exception {
    SopServer server = new SopServer();
    Mount mount = caches.mount(server, 0);
    Sop sop = server.sop.get(5, TimeUnit.SECONDS);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    hit(root, "f").release();

    await(sop.invalNamecacheDir(root.cookie()));
    await(root.lookup("f", CRED)).release();
    assertEquals(1, server.count("lookup"));
    hit(root, "f").release();

    await(sop.invalNamecacheNode(f.cookie()));
    await(root.lookup("f", CRED)).release();
    assertEquals(2, server.count("lookup"));
    hit(root, "f").release();

    await(sop.invalNamecacheAll());
    await(root.lookup("f", CRED)).release();
    assertEquals(3, server.count("lookup"));
    hit(root, "f").release();
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void anEntryForAReclaimedNodeFallsBackToTheServer() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = oneNode.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    Cookie cookie = f.cookie();
    f.release();
    // max-nodes = 1: the idle file is reclaimed at once, while root's name cache still names it.
    String line;
    do {
      line = server.log.poll(10, TimeUnit.SECONDS);
    } while (line != null && !line.startsWith("reclaim"));
    assertEquals("reclaim " + cookie + " nlookup=1", line);
    Vnode again = await(root.lookup("f", CRED));
    assertEquals(cookie, again.cookie());
    assertEquals(1, server.count("lookup"));
    assertNotSame(f, again);
    assertEquals(VType.VREG, await(again.getattr(CRED)).type());
    again.release();
    root.release();
    await(mount.unmount(0));
  }

  // ---- TTLs and the attribute cache ----

  @Test
  void withoutFsTtlEveryGetattrReachesTheServer() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, TEN_SECONDS);
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    await(root.getattr(CRED));
    await(root.getattr(CRED));
    assertEquals(2, server.count("getattr"));
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void attributesAreCachedUntilTheirTtlPasses() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, TEN_SECONDS);
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    await(root.getattr(CRED));
    CompletionStage<Vattr> cached = root.getattr(CRED);
    assertTrue(cached.toCompletableFuture().isDone());
    assertEquals(VType.VDIR, await(cached).type());
    assertEquals(1, server.count("getattr"));
    caches.clock.advance(Duration.ofSeconds(9));
    await(root.getattr(CRED));
    assertEquals(1, server.count("getattr"));
    caches.clock.advance(Duration.ofSeconds(1));
    await(root.getattr(CRED));
    assertEquals(2, server.count("getattr"), "expired attributes are asked for again");
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void lookupRepliesSeedTheChildsAttributesAndSetattrReplacesThem() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, TEN_SECONDS);
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    // The child's actor is handed the create reply's attributes after the create answered.
    testKit.createTestProbe().awaitAssert(() -> {
      assertNotNull(f.cache().attributes(), "the create reply's attributes are cached");
      return null;
    });
    assertTrue(f.getattr(CRED).toCompletableFuture().isDone());
    assertEquals(0, server.count("getattr"));
    Vattr changed = await(f.setattr(Vattr.builder().size(5).build(), CRED));
    assertEquals(5, changed.size());
    assertEquals(5, await(f.getattr(CRED)).size());
    assertEquals(0, server.count("getattr"), "the setattr reply's attributes answer getattr");
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void withFsTtlNamesExpireAndNegativeEntriesAreNotUsed() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, new Timespec(2, 0));
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    errnoOf(root.lookup("nope", CRED));
    errnoOf(root.lookup("nope", CRED));
    assertEquals(2, server.count("lookup"), "no negative entries with FS_TTL");
    Vnode f = await(root.create("f", FILE, CRED));
    hit(root, "f").release();
    caches.clock.advance(Duration.ofSeconds(2));
    Vnode again = await(root.lookup("f", CRED));
    assertEquals(3, server.count("lookup"), "an expired name is looked up again");
    assertEquals(f.cookie(), again.cookie());
    again.release();
    hit(root, "f").release();
    f.release();
    root.release();
    await(mount.unmount(0));
    assertEquals(0, server.errors.size(), "the node was kept: " + server.errors);
  }

  @Test
  void aRemoveForgetsTheTargetsCachedAttributes() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, TEN_SECONDS);
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.getattr(CRED));
    int before = server.count("getattr");
    await(root.remove(f, "f", CRED));
    await(f.getattr(CRED));
    assertEquals(before + 1, server.count("getattr"));
    f.release();
    root.release();
    await(mount.unmount(0));
  }
}
