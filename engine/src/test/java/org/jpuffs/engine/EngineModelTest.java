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
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
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
