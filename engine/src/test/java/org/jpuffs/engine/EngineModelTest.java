package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.servers.ForwardingServer;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * memfs mounted through the engine against the reference model {@code ModelFs} (servers' test tree, no code shared
 * with memfs): {@value EngineModelChecker#DEFAULT_OPS} random operations by default. The seed is random per run and
 * printed on failure; fix it with {@code -Djpuffs.engine.model.seed=N}, change the length with
 * {@code -Djpuffs.engine.model.ops=N}.
 */
class EngineModelTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final EngineTesting t = new EngineTesting(testKit);
  /** An engine whose cache clock moves 10 µs at every reading: TTLs in µs pass in the middle of a run. */
  static final CacheTesting caches = new CacheTesting(testKit, "", new TickingClock(10_000));

  /** Below this many operations a run is too short to promise that it met every error. */
  private static final int OPS_THAT_MEET_EVERY_ERROR = 5_000;
  private static final List<Errno> ERRORS_TO_MEET =
      List.of(Errno.ENOENT, Errno.EEXIST, Errno.ENOTEMPTY, Errno.ENOTDIR, Errno.EISDIR, Errno.EINVAL);
  /** The seed of the planted-bug tests and their control run. */
  private static final long PLANTED_SEED = 42;
  private static final int PLANTED_OPS = 3_000;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void randomOperationsThroughTheEngineMatchTheModel() {
    Mount mount = t.mount(new MemFs());
    long seed = EngineModelChecker.seed();
    int ops = EngineModelChecker.operations(EngineModelChecker.DEFAULT_OPS);
    EngineModelChecker.Report report = EngineModelChecker.run(mount, seed, ops);
    System.out.println("engine model test, seed " + seed + ": " + report);
    assertMetEveryError(report, seed);
    assertUnmountsWithoutForce(mount, seed);
  }

  /** Every op is sent (no op-mask short cuts) and messages are small, so that ordinary writes and reads split. */
  @Test
  void withAllopsAndSmallMessagesTheRunStillMatches() {
    int maxmsglen = 3 * PuffsConstants.PUFFS_MSGSTRUCT_MAX;
    Mount mount = await(t.engine.mount(MountRequest.of(EngineTesting.freshName()).withExtraKflags(KFlags.ALLOPS),
        t.serve(new SmallMessages(new MemFs(), maxmsglen))));
    MountArgs args = await(mount.args());
    assertEquals(maxmsglen, args.maxmsglen());
    assertTrue((args.flags() & KFlags.ALLOPS) != 0, "ALLOPS");
    long seed = EngineModelChecker.seed();
    EngineModelChecker.Report report = EngineModelChecker.run(mount, seed, 5_000);
    assertMetEveryError(report, seed);
    assertUnmountsWithoutForce(mount, seed);
  }

  // ---- cache modes ---------------------------------------------------------------------------------------------------

  @Test
  void withoutCachesTheRunMatches() {
    runInMode(KFlags.NOCACHE, new MemFs());
  }

  @Test
  void withTheWriteThroughCacheTheRunMatches() {
    runInMode(KFlags.WTCACHE, new MemFs());
  }

  /**
   * Attributes and names with TTLs far longer than the run: every answer the run checks comes from the caches
   * unless an invalidation rule sent it to the server, so a missing rule shows as a difference.
   */
  @Test
  void withFsTtlAndTtlsThatNeverPassTheRunMatches() {
    runInMode(KFlags.CACHE_FS_TTL, new Ttls(new MemFs(), new Timespec(3600, 0)));
  }

  /** Short TTLs on a clock that moves on every reading, so entries expire all through the run. */
  @Test
  void withFsTtlAndShortTtlsTheRunMatches() {
    runInMode(KFlags.CACHE_FS_TTL, new Ttls(new MemFs(), new Timespec(0, 50_000)));
  }

  @Test
  void withNoflushMetaTheRunMatches() {
    runInMode(KFlags.NOFLUSH_META, new MemFs());
  }

  @Test
  void withCacheDotdotTheRunMatches() {
    runInMode(KFlags.CACHE_DOTDOT, new MemFs());
  }

  private static void runInMode(int kflags, FileSystemServer server) {
    Mount mount = await(caches.engine.mount(MountRequest.of(EngineTesting.freshName()).withExtraKflags(kflags),
        t.serve(server)));
    long seed = EngineModelChecker.seed();
    EngineModelChecker.Report report = EngineModelChecker.run(mount, seed, 5_000);
    System.out.println("engine model test, kflags " + KFlags.names(kflags) + ", seed " + seed + ": " + report);
    assertMetEveryError(report, seed);
    assertUnmountsWithoutForce(mount, seed);
  }

  /** memfs giving every node reply and every attribute reply the same TTL for attributes and names. */
  static final class Ttls extends ForwardingServer {
    private final Timespec ttl;

    Ttls(FileSystemServer delegate, Timespec ttl) {
      super(delegate);
      this.ttl = ttl;
    }

    @Override
    public MountSpec mountSpec() {
      return super.mountSpec().toBuilder().kflags(super.mountSpec().kflags() | KFlags.CACHE_FS_TTL).build();
    }

    @Override
    public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
      return super.lookup(ctx, dir, cn).withTtl(ttl, ttl);
    }

    @Override
    public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
      return super.create(ctx, dir, cn, va).withTtl(ttl, ttl);
    }

    @Override
    public OpReply.NewNode mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
      return super.mknod(ctx, dir, cn, va).withTtl(ttl, ttl);
    }

    @Override
    public OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
      return super.mkdir(ctx, dir, cn, va).withTtl(ttl, ttl);
    }

    @Override
    public OpReply.NewNode symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va, String link) {
      return super.symlink(ctx, dir, cn, va, link).withTtl(ttl, ttl);
    }

    @Override
    public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
      return new OpReply.Attributes(super.getattr(ctx, node).va(), ttl);
    }

    @Override
    public OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
      return new OpReply.Attributes(super.setattr(ctx, node, va).va(), ttl);
    }
  }

  // ---- the model test fails on a broken server ----------------------------------------------------------------------

  @Test
  void modelCatchesAWriteThatDropsItsLastByte() {
    String reason = plantedFailure(new DropsLastByteOfWrites(new MemFs()));
    assertTrue(reason.contains("size of") || reason.contains("contents of") || reason.contains("READ of"), reason);
  }

  @Test
  void modelCatchesARenameThatLeavesTheSourceName() {
    String reason = plantedFailure(new RenameKeepsSourceName(new MemFs()));
    assertTrue(reason.contains("rename") || reason.contains("entries of") || reason.contains("link count of"),
        reason);
  }

  @Test
  void thePlantedBugsRunPassesOnMemfs() {
    Mount mount = t.mount(new MemFs());
    EngineModelChecker.run(mount, PLANTED_SEED, PLANTED_OPS);
    assertUnmountsWithoutForce(mount, PLANTED_SEED);
  }

  /** Runs the planted-bug seed against {@code broken}; the run must fail. Returns why, without the op log. */
  private static String plantedFailure(FileSystemServer broken) {
    Mount mount = t.mount(broken);
    AssertionError e = assertThrows(AssertionError.class,
        () -> EngineModelChecker.run(mount, PLANTED_SEED, PLANTED_OPS));
    assertTrue(e.getMessage().contains("seed " + PLANTED_SEED), e.getMessage());
    // even a failed run gives back what it took
    assertUnmountsWithoutForce(mount, PLANTED_SEED);
    return e.getMessage().substring(0, e.getMessage().indexOf("\nlast operations"));
  }

  /** memfs whose WRITE stores all but the last byte of each message and still reports everything written. */
  static final class DropsLastByteOfWrites extends ForwardingServer {
    DropsLastByteOfWrites(FileSystemServer delegate) {
      super(delegate);
    }

    @Override
    public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
      Bytes kept = data.size() > 1 ? data.slice(0, data.size() - 1) : data;
      return super.write(ctx, node, offset, ioflag, kept);
    }
  }

  /** memfs whose RENAME of a non-directory leaves the old name behind, as a link would. */
  static final class RenameKeepsSourceName extends ForwardingServer {
    RenameKeepsSourceName(FileSystemServer delegate) {
      super(delegate);
    }

    @Override
    public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName,
        Cookie targetDir, Cookie target, ComponentName targetName) {
      super.rename(ctx, sourceDir, source, sourceName, targetDir, target, targetName);
      boolean moved = !source.equals(target) && getattr(ctx, source).va().type() != VType.VDIR;
      if (moved) {
        super.link(ctx, sourceDir, source, ComponentName.of(NameiOp.CREATE, sourceName.name()));
      }
    }
  }

  /** memfs asking for small messages, so that the engine splits reads and writes of a few KiB. */
  static final class SmallMessages extends ForwardingServer {
    private final int maxmsglen;

    SmallMessages(FileSystemServer delegate, int maxmsglen) {
      super(delegate);
      this.maxmsglen = maxmsglen;
    }

    @Override
    public MountSpec mountSpec() {
      return super.mountSpec().toBuilder().maxMsgLen(maxmsglen).build();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  private static void assertMetEveryError(EngineModelChecker.Report report, long seed) {
    if (report.operations() < OPS_THAT_MEET_EVERY_ERROR) {
      return;
    }
    for (Errno errno : ERRORS_TO_MEET) {
      assertTrue(report.count(errno) > 0, () -> "no op ended with " + errno + " (seed " + seed + "): "
          + report.outcomes());
    }
    assertTrue(report.largeWrites() > 0, () -> "no write needed more than one message (seed " + seed + ")");
  }

  /** An unforced unmount is EBUSY while any vnode is referenced: it succeeding proves that no reference leaked. */
  private static void assertUnmountsWithoutForce(Mount mount, long seed) {
    try {
      await(mount.unmount(0));
    } catch (PuffsException e) {
      await(mount.unmount(MountFlags.MNT_FORCE));
      throw new AssertionError("unmount without force failed with " + e.errno() + " (seed " + seed
          + "): a vnode reference leaked", e);
    }
  }
}
