package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.Sop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The page cache: reads served from pages without the server or an actor message, writes always
 * reaching the server, truncation, holes, invalidation, IO_DIRECT and NOCACHE_PAGE, message-sized chunks and the
 * memory bound.
 */
class PageCacheTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final CacheTesting caches = new CacheTesting(testKit, "");
  static final CacheTesting small = new CacheTesting(testKit, "jpuffs.engine.caches.page-memory = 16KiB");
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  static final Cred CRED = Cred.ROOT;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A TestServer with SETATTR of the size, OPEN answers it chooses, and its Sop for the test. */
  static class FileServer extends TestServer {
    final CompletableFuture<Sop> sop = new CompletableFuture<>();
    volatile int openFlags;

    FileServer() {
    }

    FileServer(MountSpec.Builder spec) {
      super(spec);
    }

    @Override
    public void mounted(Sop sop) {
      this.sop.complete(sop);
    }

    @Override
    public int open(RequestContext ctx, Cookie node, int mode) {
      super.open(ctx, node, mode);
      return openFlags;
    }

    @Override
    public org.jpuffs.api.protocol.OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
      calls.computeIfAbsent("setattr", k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      if (Vattr.isSet(va.size())) {
        contents.compute(node, (k, old) -> Arrays.copyOf(old == null ? new byte[0] : old, (int) va.size()));
      }
      return getattr(ctx, node);
    }
  }

  private static byte[] pattern(int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + seed);
    }
    return data;
  }

  private static Bytes cachedRead(Vnode file, long offset, int length) {
    CompletionStage<Bytes> stage = file.read(offset, length, 0, CRED);
    assertTrue(stage.toCompletableFuture().isDone(), "read at " + offset + " was not answered from pages");
    return await(stage);
  }

  @Test
  void aReadIsServedFromPagesTheSecondTime() {
    FileServer server = new FileServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(10_000, 1);
    server.contents.put(f.cookie(), data);
    assertArrayEquals(Arrays.copyOfRange(data, 100, 5100), await(f.read(100, 5000, 0, CRED)).toByteArray());
    assertEquals(1, server.count("read"));
    assertEquals("read offset=0 resid=8192", server.log.stream().filter(l -> l.startsWith("read")).findFirst()
        .orElseThrow(), "the read was widened to whole pages");
    assertArrayEquals(Arrays.copyOfRange(data, 0, 8192), cachedRead(f, 0, 8192).toByteArray());
    await(f.read(0, 20_000, 0, CRED));
    int before = server.count("read");
    // The end of file lies in the last page: a read past it is short, and answered from pages too.
    assertArrayEquals(Arrays.copyOfRange(data, 9000, 10_000), cachedRead(f, 9000, 4096).toByteArray());
    assertEquals(before, server.count("read"));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void withWtcacheEveryWriteReachesTheServerAndTheCacheReadsItBack() {
    FileServer server = new FileServer();
    Mount mount = caches.mount(server, KFlags.WTCACHE);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(3 * 4096, 2);
    await(f.write(0, Bytes.of(data), 0, CRED));
    await(f.write(4000, Bytes.of(new byte[] {9, 9, 9}), 0, CRED));
    assertEquals(2, server.count("write"));
    data[4000] = 9;
    data[4001] = 9;
    data[4002] = 9;
    assertArrayEquals(data, server.contents.get(f.cookie()));
    assertArrayEquals(data, cachedRead(f, 0, data.length).toByteArray());
    assertEquals(0, server.count("read"), "whole written pages need no read");
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aWritePastTheEndLeavesAHoleOfZeros() {
    FileServer server = new FileServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.write(0, Bytes.of(pattern(100, 3)), 0, CRED));
    await(f.read(0, 4096, 0, CRED));
    await(f.write(10_000, Bytes.of(pattern(50, 4)), 0, CRED));
    byte[] expected = new byte[10_050];
    System.arraycopy(pattern(100, 3), 0, expected, 0, 100);
    System.arraycopy(pattern(50, 4), 0, expected, 10_000, 50);
    assertArrayEquals(expected, await(f.read(0, 20_000, 0, CRED)).toByteArray());
    assertArrayEquals(expected, server.contents.get(f.cookie()));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void truncationCutsTheLastPageAndZeroesItsTail() {
    FileServer server = new FileServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(10_000, 5);
    await(f.write(0, Bytes.of(data), 0, CRED));
    await(f.read(0, 10_000, 0, CRED));
    await(f.setattr(Vattr.builder().size(5000).build(), CRED));
    assertArrayEquals(Arrays.copyOf(data, 5000), cachedRead(f, 0, 10_000).toByteArray());
    await(f.setattr(Vattr.builder().size(6000).build(), CRED));
    byte[] grown = Arrays.copyOf(Arrays.copyOf(data, 5000), 6000);
    assertArrayEquals(grown, await(f.read(0, 10_000, 0, CRED)).toByteArray());
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void invalidatingARangeSendsTheNextReadThereToTheServer() throws Exception {
    FileServer server = new FileServer();
    Mount mount = caches.mount(server, KFlags.WTCACHE);
    Sop sop = server.sop.get(5, TimeUnit.SECONDS);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(3 * 4096, 6);
    await(f.write(0, Bytes.of(data), 0, CRED));
    byte[] changed = data.clone();
    changed[5000] = 42;
    server.contents.put(f.cookie(), changed);
    assertEquals(data[5000], cachedRead(f, 5000, 1).toByteArray()[0], "the cache does not know yet");
    await(sop.invalPagecacheNodeRange(f.cookie(), 4096, 8192));
    cachedRead(f, 0, 4096);
    assertEquals(42, await(f.read(5000, 1, 0, CRED)).toByteArray()[0]);
    assertEquals(1, server.count("read"));
    await(sop.invalPagecacheNode(f.cookie()));
    await(f.read(0, 1, 0, CRED));
    assertEquals(2, server.count("read"));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void withoutThePageCacheOrOpenedDirectEveryReadReachesTheServer() {
    FileServer server = new FileServer();
    Mount mount = caches.mount(server, KFlags.NOCACHE_PAGE);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.write(0, Bytes.of(pattern(100, 7)), 0, CRED));
    await(f.read(0, 100, 0, CRED));
    await(f.read(0, 100, 0, CRED));
    assertEquals(2, server.count("read"));
    f.release();
    root.release();
    await(mount.unmount(0));

    FileServer direct = new FileServer();
    direct.openFlags = OpenFlags.PUFFS_OPEN_IO_DIRECT;
    Mount mount2 = caches.mount(direct, 0);
    Vnode root2 = await(mount2.root());
    Vnode g = await(root2.create("g", FILE, CRED));
    await(g.open(OpenFlags.FREAD, CRED));
    await(g.write(0, Bytes.of(pattern(100, 8)), 0, CRED));
    await(g.read(0, 100, 0, CRED));
    await(g.read(0, 100, 0, CRED));
    assertEquals(2, direct.count("read"));
    await(g.close(OpenFlags.FREAD, CRED));
    g.release();
    root2.release();
    await(mount2.unmount(0));
  }

  @Test
  void readsComeInWholePagesThatFitAMessage() {
    int maxmsglen = PuffsConstants.PUFFS_MSGSTRUCT_MAX + 3 * 4096;
    FileServer server = new FileServer(MountSpec.builder().typeName("testfs").mntFromName("test")
        .rootCookie(TestServer.ROOT).maxMsgLen(maxmsglen));
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(40_000, 9);
    server.contents.put(f.cookie(), data);
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 31_000), await(f.read(1000, 30_000, 0, CRED)).toByteArray());
    server.log.stream().filter(l -> l.startsWith("read")).forEach(line -> {
      long resid = Long.parseLong(line.substring(line.indexOf("resid=") + 6));
      long offset = Long.parseLong(line.substring(line.indexOf("offset=") + 7, line.indexOf(" resid")));
      assertTrue(resid <= 3 * 4096 && offset % 4096 == 0 && resid % 4096 == 0, line);
    });
    assertArrayEquals(Arrays.copyOfRange(data, 0, 32_768), cachedRead(f, 0, 32_768).toByteArray());
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void overTheMemoryBoundTheFileFilledLongestAgoGivesUpItsCleanPages() {
    FileServer server = new FileServer();
    Mount mount = small.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode a = await(root.create("a", FILE, CRED));
    Vnode b = await(root.create("b", FILE, CRED));
    server.contents.put(a.cookie(), pattern(16_384, 11));
    server.contents.put(b.cookie(), pattern(8192, 12));
    await(a.read(0, 16_384, 0, CRED));
    assertEquals(4, a.cache().pages().pageCount());
    await(b.read(0, 8192, 0, CRED));
    // 16 KiB bound: "a" filled first, so two of its clean pages made room, at once.
    assertEquals(2, a.cache().pages().pageCount());
    assertEquals(2, b.cache().pages().pageCount());
    assertEquals(16_384, b.cache().pages().memory().used());
    cachedRead(b, 0, 8192);
    a.release();
    b.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void thePageMemoryBoundIsTheEngines() {
    FileServer first = new FileServer();
    FileServer second = new FileServer();
    Mount one = small.mount(first, 0);
    Mount two = small.mount(second, 0);
    Vnode root1 = await(one.root());
    Vnode root2 = await(two.root());
    Vnode a = await(root1.create("a", FILE, CRED));
    Vnode b = await(root2.create("b", FILE, CRED));
    first.contents.put(a.cookie(), pattern(16_384, 13));
    second.contents.put(b.cookie(), pattern(12_288, 14));
    await(a.read(0, 16_384, 0, CRED));
    await(b.read(0, 12_288, 0, CRED));
    // One bound over both mounts: the other mount's file gave up three clean pages for this one's three.
    assertEquals(1, a.cache().pages().pageCount());
    assertEquals(3, b.cache().pages().pageCount());
    assertTrue(a.cache().pages().memory().used() <= 16_384);
    assertArrayEquals(pattern(16_384, 13), await(a.read(0, 16_384, 0, CRED)).toByteArray());
    a.release();
    b.release();
    root1.release();
    root2.release();
    await(one.unmount(0));
    await(two.unmount(0));
  }

  @Test
  void overTheMemoryBoundDirtyPagesArePushedNotLost() {
    FileServer server = new FileServer();
    Mount mount = small.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode a = await(root.create("a", FILE, CRED));
    Vnode b = await(root.create("b", FILE, CRED));
    byte[] dataA = pattern(16_384, 15);
    byte[] dataB = pattern(8192, 16);
    await(a.write(0, Bytes.of(dataA), 0, CRED));
    assertEquals(0, server.count("write"), "16 KiB of dirty pages fit the bound");
    await(b.write(0, Bytes.of(dataB), 0, CRED));
    // Only dirty pages were left to make room: b pushed its own before answering, a was asked to push its own.
    assertArrayEquals(dataB, server.contents.get(b.cookie()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertArrayEquals(dataA, server.contents.get(a.cookie()));
      assertTrue(a.cache().pages().memory().used() <= 16_384, "clean again, the pages fit the bound");
      return null;
    });
    assertArrayEquals(dataA, await(a.read(0, 20_000, 0, CRED)).toByteArray());
    assertArrayEquals(dataB, await(b.read(0, 20_000, 0, CRED)).toByteArray());
    a.release();
    b.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void overTheMemoryBoundAFileGivesUpItsPages() {
    FileServer server = new FileServer();
    Mount mount = small.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(64 * 1024, 10);
    server.contents.put(f.cookie(), data);
    await(f.read(0, 8192, 0, CRED));
    cachedRead(f, 0, 8192);
    await(f.read(32_768, 16_384, 0, CRED));
    // 16 KiB bound: the first two pages made way for the next four.
    CompletionStage<Bytes> evicted = f.read(0, 8192, 0, CRED);
    assertArrayEquals(Arrays.copyOf(data, 8192), await(evicted).toByteArray());
    assertEquals(3, server.count("read"));
    f.release();
    root.release();
    await(mount.unmount(0));
  }
}
