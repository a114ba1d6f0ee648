package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The metadata cache ({@code puffs_updatenode}, {@code PNODE_METACACHE_*}): reads and writes change the times and the
 * size locally; those overlay every attribute answer, from the server or from the attribute cache, and go to the
 * server as one SETATTR at fsync, at inactive and at VFS_SYNC; a client's SETATTR takes them along, its own explicit
 * times winning. With NOFLUSH_META there is no such cache.
 */
class MetadataCacheTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final CacheTesting caches = new CacheTesting(testKit, "");
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  static final Cred CRED = Cred.ROOT;
  /** The times the server gives every node until a SETATTR changes them. */
  static final Timespec OLD = new Timespec(1000, 0);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A file server that keeps times as SETATTR sets them, logs every SETATTR it gets, and may hand out TTLs. */
  static final class TimesServer extends PageCacheTest.FileServer {
    final List<Vattr> setattrs = new CopyOnWriteArrayList<>();
    final Map<Cookie, Vattr> times = new ConcurrentHashMap<>();
    final Timespec vaTtl;

    TimesServer(Timespec vaTtl) {
      this.vaTtl = vaTtl;
    }

    TimesServer() {
      this(Timespec.ZERO);
    }

    @Override
    public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
      return new OpReply.Attributes(withTimes(node, super.getattr(ctx, node).va()), vaTtl);
    }

    @Override
    public OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
      calls.computeIfAbsent("setattr", k -> new AtomicInteger()).incrementAndGet();
      log.add("setattr");
      setattrs.add(va);
      if (Vattr.isSet(va.size())) {
        contents.compute(node, (k, old) -> Arrays.copyOf(old == null ? new byte[0] : old, (int) va.size()));
      }
      Vattr now = times(node);
      times.put(node, Vattr.builder().atime(va.atime().isSet() ? va.atime() : now.atime())
          .mtime(va.mtime().isSet() ? va.mtime() : now.mtime()).ctime(va.ctime().isSet() ? va.ctime() : now.ctime())
          .build());
      byte[] data = contents.get(node);
      return new OpReply.Attributes(withTimes(node, Vattr.builder().type(types.get(node)).mode(0644).nlink(1)
          .size(data == null ? 0 : data.length).fileid(node.value()).build()), vaTtl);
    }

    @Override
    public void fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
      log.add("fsync");
    }

    private Vattr times(Cookie node) {
      return times.getOrDefault(node, Vattr.builder().atime(OLD).mtime(OLD).ctime(OLD).build());
    }

    private Vattr withTimes(Cookie node, Vattr va) {
      Vattr t = times(node);
      return va.toBuilder().atime(t.atime()).mtime(t.mtime()).ctime(t.ctime()).build();
    }

    List<String> logged(String... ops) {
      return log.stream().filter(line -> Arrays.stream(ops).anyMatch(line::startsWith))
          .map(line -> line.split(" ")[0]).toList();
    }
  }

  private static byte[] pattern(int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 13 + seed);
    }
    return data;
  }

  private static Timespec tick() {
    caches.clock.advance(Duration.ofSeconds(1));
    return caches.clock.wallTime();
  }

  @Test
  void aWriteShowsItsTimesAndSizeInTheServersAnswer() {
    TimesServer server = new TimesServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    Timespec written = tick();
    await(f.write(0, Bytes.of(pattern(100, 1)), 0, CRED));
    tick();
    Vattr va = await(f.getattr(CRED));
    assertEquals(1, server.count("getattr"), "the getattr reached the server");
    assertEquals(0, server.count("write"), "and pushed no page: the local size overlays the server's");
    assertEquals(100, va.size());
    assertEquals(written, va.mtime());
    assertEquals(written, va.ctime());
    assertEquals(OLD, va.atime());
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aReadHitStampsTheAccessTimeThatACachedGetattrShows() {
    TimesServer server = new TimesServer(new Timespec(10, 0));
    Mount mount = caches.mount(server, KFlags.CACHE_FS_TTL);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    server.contents.put(f.cookie(), pattern(8192, 2));
    await(f.read(0, 8192, 0, CRED));
    await(f.getattr(CRED));
    int getattrs = server.count("getattr");
    Timespec read = tick();
    CompletionStage<Bytes> hit = f.read(0, 4096, 0, CRED);
    assertTrue(hit.toCompletableFuture().isDone(), "a page-cache hit");
    tick();
    CompletionStage<Vattr> cached = f.getattr(CRED);
    assertTrue(cached.toCompletableFuture().isDone(), "an attribute-cache hit");
    assertEquals(read, await(cached).atime());
    assertEquals(OLD, await(cached).mtime());
    assertEquals(getattrs, server.count("getattr"));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void fsyncSendsTheLocalChangesAsOneSetattrAfterThePagesAndBeforeFsync() {
    TimesServer server = new TimesServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    Timespec written = tick();
    await(f.write(0, Bytes.of(pattern(100, 3)), 0, CRED));
    Timespec read = tick();
    await(f.read(0, 100, 0, CRED));
    tick();
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    assertEquals(List.of("write", "setattr", "fsync"), server.logged("write", "setattr", "fsync"));
    Vattr sent = server.setattrs.get(0);
    assertEquals(written, sent.mtime());
    assertEquals(written, sent.ctime());
    assertEquals(read, sent.atime());
    assertFalse(Vattr.isSet(sent.size()), "the pushed pages told the server the size");
    Vattr va = await(f.getattr(CRED));
    assertEquals(written, va.mtime());
    assertEquals(read, va.atime());
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    assertEquals(1, server.count("setattr"), "nothing is left to flush");
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void inactiveFlushesTheLocalChanges() {
    TimesServer server = new TimesServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    Timespec written = tick();
    await(f.write(0, Bytes.of(pattern(10, 4)), 0, CRED));
    f.release();
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(List.of("write", "setattr", "inactive"), server.logged("write", "setattr", "inactive"));
      return null;
    });
    assertEquals(written, server.setattrs.get(0).mtime());
    assertEquals(written, server.times.get(f.cookie()).mtime());
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aClientSetattrTakesTheLocalTimesButItsOwnWin() {
    TimesServer server = new TimesServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    Timespec written = tick();
    await(f.write(0, Bytes.of(pattern(10, 5)), 0, CRED));
    Timespec explicit = new Timespec(500, 0);
    Vattr after = await(f.setattr(Vattr.builder().mtime(explicit).build(), CRED));
    assertEquals(1, server.setattrs.size());
    assertEquals(explicit, server.setattrs.get(0).mtime(), "the client's time wins");
    assertEquals(written, server.setattrs.get(0).ctime(), "the local ctime went along");
    assertEquals(explicit, after.mtime());
    assertEquals(explicit, await(f.getattr(CRED)).mtime());
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    assertEquals(1, server.count("setattr"), "the SETATTR took everything along");
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void vfsSyncFlushesTheLocalChanges() {
    TimesServer server = new TimesServer();
    Mount mount = caches.mount(server, 0);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    Timespec written = tick();
    await(f.write(0, Bytes.of(pattern(10, 6)), 0, CRED));
    await(mount.sync(1, CRED));
    assertEquals(written, server.times.get(f.cookie()).mtime());
    assertArrayEquals(pattern(10, 6), server.contents.get(f.cookie()));
    f.release();
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void withNoflushMetaNothingIsOverlaidOrFlushed() {
    TimesServer server = new TimesServer();
    Mount mount = caches.mount(server, KFlags.NOFLUSH_META);
    Vnode root = await(mount.root());
    Vnode f = await(root.create("f", FILE, CRED));
    tick();
    await(f.write(0, Bytes.of(pattern(100, 7)), 0, CRED));
    assertEquals(1, server.count("setattr"), "the growing write sent its size at once");
    assertEquals(100, server.setattrs.get(0).size());
    assertFalse(server.setattrs.get(0).mtime().isSet(), "and nothing else");
    Vattr va = await(f.getattr(CRED));
    assertEquals(100, va.size());
    assertEquals(OLD, va.mtime(), "the server's time, not a local one");
    await(f.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, CRED));
    assertEquals(1, server.count("setattr"));
    f.release();
    root.release();
    await(mount.unmount(0));
  }
}
