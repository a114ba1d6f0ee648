package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CachedNode}: a walk through the name cache that takes no reference and sends nothing, proven by counting
 * what reaches the server and by unmounting, which fails with EBUSY while any reference is left.
 */
class CachedNodeTest {
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

  @Test
  void cachedNamesLeadToTheNodeWithoutTheServerOrAReference() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, TEN_SECONDS);
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    Vnode d = await(root.mkdir("d", DIR, CRED));
    Vnode f = await(d.create("f", FILE, CRED));
    f.release();
    d.release();
    CachedNode found = root.cached().child("d").child("f");
    assertEquals(f.cookie(), found.cookie());
    assertEquals(VType.VREG, found.type());
    assertEquals(0, server.count("lookup"));
    root.release();
    await(mount.unmount(0)); // would be EBUSY had the walk kept a reference
  }

  @Test
  void attributesComeFromTheAttributeCacheUntilTheirTtlPasses() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, Timespec.ZERO);
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    await(root.create("f", FILE, CRED)).release();
    // the create reply's attributes reach the child's cache after the create answered
    testKit.createTestProbe().awaitAssert(() -> {
      assertNotNull(root.cached().child("f").attributes());
      return null;
    });
    assertEquals(VType.VREG, root.cached().child("f").attributes().type());
    caches.clock.advance(Duration.ofSeconds(10));
    assertNull(root.cached().child("f").attributes(), "expired attributes are not answered");
    assertEquals(0, server.count("getattr"));
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void whatOnlyTheServerKnowsIsAMiss() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, TEN_SECONDS);
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    await(root.create("f", FILE, CRED)).release();
    CachedNode rootNode = root.cached();
    assertNull(rootNode.child("unknown"), "a name never looked up");
    assertNull(rootNode.child("."));
    assertNull(rootNode.child(".."));
    assertNull(rootNode.child("f").child("x"), "a regular file has no names");
    assertNull(rootNode.attributes(), "the root's attributes were never asked for");
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void acquireTakesOneReferenceToGiveBack() {
    TestServer server = new CacheTesting.TtlServer(TEN_SECONDS, TEN_SECONDS);
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    Vnode made = await(root.create("f", FILE, CRED));
    made.release();
    Vnode held = root.cached().child("f").acquire();
    assertEquals(made.cookie(), held.cookie());
    assertEquals(0, server.count("lookup"));
    root.release();
    assertEquals(Errno.EBUSY, EngineTesting.errnoOf(mount.unmount(0)));
    held.release();
    await(mount.unmount(0));
  }

  @Test
  void aReclaimedNodeIsNoLongerReachedThroughTheCache() {
    TestServer server = new TestServer();
    Mount mount = oneNode.mount(server, 0);
    Vnode root = await(mount.root());
    await(root.create("f", FILE, CRED)).release();
    CachedNode f = root.cached().child("f");
    // one node allowed: making g reclaims the idle f
    await(root.create("g", FILE, CRED)).release();
    testKit.createTestProbe().awaitAssert(() -> {
      assertNull(root.cached().child("f"));
      assertNull(f.acquire(), "a reference to a reclaimed node cannot be taken");
      return null;
    });
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aLookupAfterAWriteStillInPagesDoesNotSeedTheOldSize() {
    // memfs gives TTLs and CACHE_FS_TTL by default; the write stays in dirty pages (write-back), the rename purges
    // the name, so the lookup asks memfs, whose answer still has size 0
    Mount mount = caches.mount(new org.jpuffs.servers.memfs.MemFs(), 0);
    Vnode root = await(mount.root());
    try (Vnode draft = await(root.create("draft", FILE, CRED))) {
      await(draft.write(0, org.jpuffs.api.protocol.Bytes.utf8("hello"), 0, CRED));
      await(root.rename(draft, "draft", root, null, "notes", CRED));
    }
    try (Vnode notes = await(root.lookup("notes", CRED))) {
      // an op through the node's actor: answered after the lookup's seed, which is ahead of it in the mailbox
      await(notes.access(org.jpuffs.api.protocol.AccessMode.VREAD, CRED));
      assertEquals(5, await(notes.getattr(CRED)).size());
    }
    root.release();
    await(mount.unmount(0));
  }
}
