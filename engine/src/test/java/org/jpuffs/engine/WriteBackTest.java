package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.Sop;
import org.jpuffs.engine.node.NodeActor;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-back page cache (the default): writes stay in pages until 64 KiB are dirty, a close, an fsync, a read
 * miss, a getattr, INACTIVE, VFS_SYNC or FLUSH_PAGECACHE; WTCACHE writes through; what was written is read back
 * identical after fsync, after invalidation and after unmount and mount again on passthrough.
 */
class WriteBackTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final CacheTesting caches = new CacheTesting(testKit, "");
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  static final Cred CRED = Cred.ROOT;
  static final int KIB = 1024;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A FileServer that logs FSYNC with how many bytes it holds of the file at that moment. */
  static final class FsyncServer extends PageCacheTest.FileServer {
    @Override
    public void fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
      byte[] data = contents.get(node);
      log.add("fsync holding " + (data == null ? 0 : data.length));
    }
  }

  private static byte[] pattern(int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 7 + seed);
    }
    return data;
  }

  private static int held(TestServer server, Vnode file) {
    byte[] data = server.contents.get(file.cookie());
    return data == null ? 0 : data.length;
  }

  @Test
  void noMoreThan64KibStayDirtyBetweenPushes() {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(200 * KIB, 1);
    int pushedUpTo = 0;
    for (int at = 0; at < data.length; at += 4 * KIB) {
      await(f.write(at, Bytes.of(data, at, 4 * KIB), 0, CRED));
      int held = held(server, f);
      assertTrue(at + 4 * KIB - held <= NodeActor.WRITE_BACK_WINDOW,
          "after writing " + (at + 4 * KIB) + " bytes the server holds only " + held);
      if (held > pushedUpTo) {
        assertEquals(0, held % (64 * KIB), "pushes come at 64 KiB boundaries");
        pushedUpTo = held;
      }
    }
    assertEquals(192 * KIB, pushedUpTo);
    assertArrayEquals(Arrays.copyOf(data, 192 * KIB), Arrays.copyOf(server.contents.get(f.cookie()), 192 * KIB));
    f.release();
    root.release();
    await(mount.unmount(0));
    assertArrayEquals(data, server.contents.get(f.cookie()), "the rest went at INACTIVE");
  }

  @Test
  void closeIsADurabilityPoint() {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.open(OpenFlags.FWRITE, CRED));
    byte[] data = pattern(1000, 2);
    await(f.write(0, Bytes.of(data), 0, CRED));
    assertEquals(0, server.count("write"), "a small write stays in the pages");
    assertArrayEquals(data, await(f.read(0, 1000, 0, CRED)).toByteArray());
    assertEquals(0, server.count("read"), "and is read back from them");
    await(f.close(OpenFlags.FWRITE, CRED));
    assertArrayEquals(data, server.contents.get(f.cookie()));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void fsyncWritesBackThenSendsFsync() {
    FsyncServer server = new FsyncServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(5000, 3);
    await(f.write(0, Bytes.of(data), 0, CRED));
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    assertTrue(server.log.contains("fsync holding 5000"), server.log.toString());
    assertArrayEquals(data, server.contents.get(f.cookie()));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void getattrSeesWhatIsStillInThePages() {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.write(10, Bytes.of(pattern(90, 4)), 0, CRED));
    assertEquals(100, await(f.getattr(CRED)).size());
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void vfsSyncAndFlushPagecachePushDirtyPages() throws Exception {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, 0);
    Sop sop = server.sop.get(5, TimeUnit.SECONDS);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.write(0, Bytes.of(pattern(100, 5)), 0, CRED));
    await(mount.sync(1, CRED));
    assertEquals(100, held(server, f));
    await(f.write(100, Bytes.of(pattern(100, 6)), 0, CRED));
    assertEquals(100, held(server, f));
    await(sop.flushPagecacheNode(f.cookie()));
    assertEquals(200, held(server, f));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  /** A FileServer whose first WRITE waits at a gate, counting how many WRITEs it runs at once. */
  static final class GatedWriteServer extends PageCacheTest.FileServer {
    final FirstCallGate gate = new FirstCallGate();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        gate.pass();
        return super.write(ctx, node, offset, ioflag, data);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  @Test
  void aPageIsPushedAgainOnlyAfterItsPreviousPushIsAnswered() throws Exception {
    GatedWriteServer server = new GatedWriteServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.write(0, Bytes.of(pattern(100, 1)), 0, CRED));
    CompletableFuture<Void> firstPush = mount.sync(1, CRED).toCompletableFuture();
    assertTrue(server.gate.entered.await(5, TimeUnit.SECONDS));
    // The same bytes again while their first push is held in the server, then a second push of them.
    byte[] newer = pattern(100, 2);
    await(f.write(0, Bytes.of(newer), 0, CRED));
    CompletableFuture<Void> secondPush = f.fsync(0, 0, 0, CRED).toCompletableFuture();
    server.gate.open();
    await(firstPush);
    await(secondPush);
    assertEquals(1, server.mostAtOnce.get(), "the second push waited for the first");
    assertArrayEquals(newer, server.contents.get(f.cookie()), "the newer bytes landed last");
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  /** Holds the first SETATTR at a gate, and notes whether a REMOVE came while it was held. */
  static final class GatedSetattrServer extends PageCacheTest.FileServer {
    final FirstCallGate gate = new FirstCallGate();
    final CountDownLatch removeEntered = new CountDownLatch(1);
    final AtomicBoolean removeDuringSetattr = new AtomicBoolean();

    @Override
    public org.jpuffs.api.protocol.OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
      gate.pass();
      return super.setattr(ctx, node, va);
    }

    @Override
    public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
      removeDuringSetattr.compareAndSet(false, gate.isHolding());
      removeEntered.countDown();
      super.remove(ctx, dir, target, cn);
    }
  }

  /**
   * The last release of a written file starts its flush at inactive; a REMOVE of it right after waits for the
   * flush's SETATTR, as the vnode lock makes it wait in puffs. Sent together, a path-based server could take the
   * SETATTR after the name is gone (ESTALE), and a recorded session would hold them in an order no replay keeps.
   */
  @Test
  void aRemoveWaitsForTheMetadataFlushOfItsTarget() throws Exception {
    GatedSetattrServer server = new GatedSetattrServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.write(0, Bytes.of(pattern(100, 1)), 0, CRED));
    f.release();
    assertTrue(server.gate.entered.await(5, TimeUnit.SECONDS), "the inactive flush sent no SETATTR");
    Vnode again = await(root.lookup("f", CRED));
    CompletableFuture<Void> removed = root.remove(again, "f", CRED).toCompletableFuture();
    // Like expectNoMessage: a bounded wait that only a REMOVE sent too early can end.
    assertFalse(server.removeEntered.await(300, TimeUnit.MILLISECONDS), "the REMOVE overtook the flush");
    server.gate.open();
    await(removed);
    assertFalse(server.removeDuringSetattr.get());
    assertEquals(1, server.count("remove"));
    again.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void pushedWritesFitOneMessage() {
    int maxmsglen = PuffsConstants.PUFFS_MSGSTRUCT_MAX + 8 * KIB;
    PageCacheTest.FileServer server = new PageCacheTest.FileServer(MountSpec.builder().typeName("testfs")
        .mntFromName("test").rootCookie(TestServer.ROOT).maxMsgLen(maxmsglen));
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(60 * KIB, 9);
    for (int at = 0; at < data.length; at += 4 * KIB) {
      await(f.write(at, Bytes.of(data, at, 4 * KIB), 0, CRED));
    }
    assertEquals(0, server.count("write"));
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    List<String> writes = server.log.stream().filter(l -> l.startsWith("write")).toList();
    assertEquals(8, writes.size(), writes.toString());
    for (String write : writes) {
      assertTrue(Integer.parseInt(write.substring(write.indexOf("size=") + 5)) <= 8 * KIB, write);
    }
    assertArrayEquals(data, server.contents.get(f.cookie()));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void withNoflushMetaAGrowingWriteSendsItsSizeAtOnce() {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, KFlags.NOFLUSH_META);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.open(OpenFlags.FWRITE, CRED));
    byte[] data = pattern(100, 10);
    await(f.write(0, Bytes.of(data), 0, CRED));
    assertEquals(1, server.count("setattr"));
    assertEquals(0, server.count("write"), "the data itself stays in the pages");
    assertEquals(100, held(server, f));
    await(f.write(10, Bytes.of(new byte[] {5}), 0, CRED));
    assertEquals(1, server.count("setattr"), "a write inside the file sends nothing");
    data[10] = 5;
    assertArrayEquals(data, await(f.read(0, 200, 0, CRED)).toByteArray());
    await(f.close(OpenFlags.FWRITE, CRED));
    assertArrayEquals(data, server.contents.get(f.cookie()));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void writeThroughSendsEveryWrite() {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, KFlags.WTCACHE);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    for (int i = 0; i < 5; i++) {
      await(f.write(i * 10, Bytes.of(pattern(10, i)), 0, CRED));
      assertEquals(i + 1, server.count("write"));
    }
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void withoutThePageCacheOrOpenedDirectEveryWriteReachesTheServer() {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, KFlags.NOCACHE);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    for (int i = 0; i < 5; i++) {
      await(f.write(i * 10, Bytes.of(pattern(10, i)), 0, CRED));
      assertEquals(i + 1, server.count("write"));
    }
    f.release();
    root.release();
    await(mount.unmount(0));

    PageCacheTest.FileServer direct = new PageCacheTest.FileServer();
    direct.openFlags = OpenFlags.PUFFS_OPEN_IO_DIRECT;
    Mount mount2 = caches.mount(direct, 0);
    Vnode root2 = await(mount2.root());
    Vnode g = await(root2.create("g", FILE, CRED));
    await(g.open(OpenFlags.FWRITE, CRED));
    for (int i = 0; i < 5; i++) {
      await(g.write(i * 10, Bytes.of(pattern(10, i)), 0, CRED));
      assertEquals(i + 1, direct.count("write"));
    }
    await(g.close(OpenFlags.FWRITE, CRED));
    g.release();
    root2.release();
    await(mount2.unmount(0));
  }

  @Test
  void writtenDataReadsBackAfterFsyncInvalidationAndRemountOnPassthrough(@TempDir Path dir) throws Exception {
    byte[] data = pattern(150 * KIB + 123, 7);
    Mount first = caches.mount(new PassthroughFs(dir), 0);
    Vnode root = await(first.root());
    Vnode f = await(root.create("f", FILE, CRED));
    await(f.open(OpenFlags.FWRITE, CRED));
    for (int at = 0; at < data.length; at += 3000) {
      int n = Math.min(3000, data.length - at);
      await(f.write(at, Bytes.of(data, at, n), 0, CRED));
    }
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    assertArrayEquals(data, await(f.read(0, data.length + 10, 0, CRED)).toByteArray());
    assertArrayEquals(data, Files.readAllBytes(dir.resolve("f")), "on the host after fsync");
    await(f.close(OpenFlags.FWRITE, CRED));
    f.release();
    root.release();
    await(first.unmount(0));

    Mount second = caches.mount(new PassthroughFs(dir), 0);
    Vnode root2 = await(second.root());
    Vnode g = await(root2.lookup("f", CRED));
    assertArrayEquals(data, await(g.read(0, data.length + 10, 0, CRED)).toByteArray());
    g.release();
    root2.release();
    await(second.unmount(0));
  }

  @Test
  void anInvalidatedRangeIsReadAgainWithoutLosingDirtyPages() throws Exception {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, 0);
    Sop sop = server.sop.get(5, TimeUnit.SECONDS);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(8 * KIB, 8);
    await(f.write(0, Bytes.of(data), 0, CRED));
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    await(f.write(0, Bytes.of(new byte[] {1, 2, 3}), 0, CRED));
    await(sop.invalPagecacheNode(f.cookie()));
    data[0] = 1;
    data[1] = 2;
    data[2] = 3;
    assertArrayEquals(data, await(f.read(0, 8 * KIB, 0, CRED)).toByteArray());
    assertArrayEquals(data, server.contents.get(f.cookie()));
    List<String> reads = server.log.stream().filter(l -> l.startsWith("read")).toList();
    assertEquals(List.of("read offset=0 resid=8192"), reads, "the clean page was read again, after the push");
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void fsyncWritesBackOnlyItsRangeAndSyncEverything() {
    FsyncServer server = new FsyncServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(40 * KIB, 11);
    await(f.write(0, Bytes.of(data, 0, 8 * KIB), 0, CRED));
    await(f.write(32 * KIB, Bytes.of(data, 32 * KIB, 8 * KIB), 0, CRED));
    assertEquals(0, server.count("write"));
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 100, 5000, CRED));
    List<String> writes = server.log.stream().filter(l -> l.startsWith("write")).toList();
    assertEquals(List.of("write offset=0 size=8192"), writes, "only the pages of the range went");
    // The metadata flush told the server the file's size: the bytes not pushed yet are a hole there until then.
    assertTrue(server.log.contains("fsync holding " + 40 * KIB), server.log.toString());
    assertArrayEquals(new byte[8 * KIB], Arrays.copyOfRange(server.contents.get(f.cookie()), 32 * KIB, 40 * KIB));
    await(mount.sync(1, CRED));
    Arrays.fill(data, 8 * KIB, 32 * KIB, (byte) 0);
    assertArrayEquals(data, server.contents.get(f.cookie()));
    assertEquals(40 * KIB, held(server, f), "VFS_SYNC pushed everything");
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aPartialWriteIntoAnUncachedPageStaysInThePagesAndPushesOnlyItsBytes() {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] data = pattern(10_000, 12);
    server.contents.put(f.cookie(), data.clone());
    assertEquals(10_000, await(f.getattr(CRED)).size(), "the engine knows the server's size");
    byte[] patch = pattern(10, 99);
    await(f.write(5000, Bytes.of(patch), 0, CRED));
    assertEquals(0, server.count("write"), "written back, not through");
    assertEquals(0, server.count("read"), "and without reading the page");
    assertEquals(1, f.cache().pages().partialPageCount());
    CompletionStage<Bytes> hit = f.read(5000, 10, 0, CRED);
    assertTrue(hit.toCompletableFuture().isDone(), "the written bytes are a hit");
    assertArrayEquals(patch, await(hit).toByteArray());
    System.arraycopy(patch, 0, data, 5000, 10);
    assertArrayEquals(data, await(f.read(0, 20_000, 0, CRED)).toByteArray(), "the rest of the page is the server's");
    assertEquals(List.of("write offset=5000 size=10"),
        server.log.stream().filter(l -> l.startsWith("write")).toList());
    assertArrayEquals(data, server.contents.get(f.cookie()));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void partialWritesIntoAFileGrownPastTheServersSizeReadBackIdentical() throws Exception {
    PageCacheTest.FileServer server = new PageCacheTest.FileServer();
    Mount mount = caches.mount(server, 0);
    Sop sop = server.sop.get(5, TimeUnit.SECONDS);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    byte[] original = pattern(10_000, 13);
    server.contents.put(f.cookie(), original.clone());
    assertEquals(10_000, await(f.getattr(CRED)).size());
    // The server knows 10 000 bytes; this write grows the file to 15 100 (a hole of zeros from 10 000).
    byte[] tail = pattern(100, 14);
    await(f.write(15_000, Bytes.of(tail), 0, CRED));
    // Two separate stretches of one uncached page the server holds.
    await(f.write(9000, Bytes.of(pattern(10, 15)), 0, CRED));
    await(f.write(9500, Bytes.of(pattern(10, 16)), 0, CRED));
    assertEquals(0, server.count("write"));
    assertEquals(15_100, await(f.getattr(CRED)).size());
    byte[] expected = Arrays.copyOf(original, 15_100);
    System.arraycopy(pattern(10, 15), 0, expected, 9000, 10);
    System.arraycopy(pattern(10, 16), 0, expected, 9500, 10);
    System.arraycopy(tail, 0, expected, 15_000, 100);
    assertArrayEquals(expected, await(f.read(0, 20_000, 0, CRED)).toByteArray());
    List<String> writes = server.log.stream().filter(l -> l.startsWith("write")).toList();
    assertTrue(writes.contains("write offset=9000 size=10") && writes.contains("write offset=9500 size=10"),
        "each stretch alone, never the unknown bytes between: " + writes);
    assertArrayEquals(expected, server.contents.get(f.cookie()));
    await(sop.invalPagecacheNode(f.cookie()));
    assertArrayEquals(expected, await(f.read(0, 20_000, 0, CRED)).toByteArray(), "after invalidation");
    f.release();
    root.release();
    await(mount.unmount(0));
  }
}
