package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FhFlags;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The VFS rules of {@code puffs_vfsops.c}, one test per rule, through the client API. */
class MountOpsTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final EngineTesting t = new EngineTesting(testKit);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static MountArgs argsOf(TestServer server) {
    return PuffsEngine.argsFor(MountRequest.of("x"), server.mountSpec());
  }

  private static Mount unstarted(TestServer server) {
    return await(t.engine.mountUnstarted(freshName(), argsOf(server), t.serve(server)));
  }

  // ---- mount, start, args ----

  @Test
  void mountArgumentErrorsReachTheCaller() {
    TestServer server = new TestServer();
    MountArgs bad = argsOf(server).toBuilder().version(29).build();
    assertEquals(Errno.EINVAL, errnoOf(t.engine.mountUnstarted(freshName(), bad, t.serve(server))));
    MountArgs update = argsOf(server);
    assertEquals(Errno.EOPNOTSUPP, errnoOf(t.engine.mountUnstarted(
        MountRequest.of(freshName()).withMountFlags(MountFlags.MNT_UPDATE), update, t.serve(server))));
  }

  @Test
  void noServerToAttachToIsEnoent() {
    assertEquals(Errno.ENOENT, errnoOf(t.engine.mountUnstarted(freshName(), argsOf(new TestServer()), null)));
    assertEquals(Errno.ENOENT, errnoOf(t.engine.mount(MountRequest.of(freshName()), null)));
  }

  @Test
  void aServerThatDoesNotDescribeItselfIsEnoent() {
    ActorRef<ServerRuntime.Command> silent = testKit.<ServerRuntime.Command>createTestProbe().getRef();
    assertEquals(Errno.ENOENT, errnoOf(t.engine.mount(MountRequest.of(freshName()), silent)));
  }

  @Test
  void mountingANameThatIsMountedIsEbusy() {
    String name = freshName();
    await(t.engine.mount(MountRequest.of(name), t.serve(new TestServer())));
    assertEquals(Errno.EBUSY, errnoOf(t.engine.mount(MountRequest.of(name), t.serve(new TestServer()))));
  }

  @Test
  void aNameIsFreeAgainAfterUnmount() {
    String name = freshName();
    Mount first = await(t.engine.mount(MountRequest.of(name), t.serve(new TestServer())));
    await(first.unmount(0));
    testKit.createTestProbe().awaitAssert(() -> {
      assertTrue(!await(t.engine.mounts()).contains(name));
      return null;
    });
    await(t.engine.mount(MountRequest.of(name), t.serve(new TestServer())));
  }

  @Test
  void statusIsMountingUntilStartThenRunning() {
    Mount mount = unstarted(new TestServer());
    assertEquals(MountStatus.MOUNTING, await(mount.status()));
    await(mount.start());
    assertEquals(MountStatus.RUNNING, await(mount.status()));
    assertEquals(Errno.EBUSY, errnoOf(mount.start()));
  }

  @Test
  void mntGetargsReturnsTheStoredSanitizedArguments() {
    TestServer server = new TestServer(MountSpec.builder().typeName("t\u0007st").rootCookie(TestServer.ROOT)
        .maxMsgLen(1));
    Mount mount = t.mount(server);
    MountArgs stored = await(mount.args());
    assertEquals("puffs|t.st", stored.typename());
    assertEquals(2 * PuffsConstants.PUFFS_MSGSTRUCT_MAX, stored.maxmsglen());
    assertEquals(TestServer.ROOT, stored.rootCookie());
  }

  // ---- root ----

  @Test
  void rootNeverAsksTheServer() {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Vnode root = await(mount.root());
    assertEquals(TestServer.ROOT, root.cookie());
    assertEquals(VType.VDIR, root.type());
    assertTrue(server.calls.isEmpty(), "server was asked: " + server.log);
  }

  @Test
  void rootIsReinstantiatedFromTheStoredCookie() {
    Mount mount = t.mount(new TestServer());
    Vnode first = await(mount.root());
    first.release();
    Vnode again = await(mount.root());
    assertEquals(TestServer.ROOT, again.cookie());
    assertEquals(VType.VDIR, await(again.getattr(Cred.ROOT)).type());
  }

  // ---- statvfs ----

  @Test
  void statvfsWhileMountingIsEinprogressWithoutAskingTheServer() throws Exception {
    TestServer server = new TestServer();
    Mount mount = unstarted(server);
    StatvfsException e = statvfsFailure(mount.statvfs(Cred.ROOT));
    assertEquals(Errno.EINPROGRESS, e.errno());
    assertEquals(PuffsConstants.DEV_BSIZE, e.statvfs().iosize());
    assertEquals(0, server.count("statvfs"));
  }

  @Test
  void statvfsAsksTheServerAndForcesIosizeToDevBsize() {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Statvfs sb = await(mount.statvfs(Cred.ROOT));
    assertEquals(1, server.count("statvfs"));
    assertEquals(PuffsConstants.DEV_BSIZE, sb.iosize());
    assertEquals(1000, sb.blocks());
    assertEquals("puffs|testfs", sb.fstypename());
  }

  @Test
  void statvfsServerErrorStillReturnsTheMountsOwnInfo() throws Exception {
    TestServer server = new TestServer();
    server.statvfsAnswer.set(Errno.EIO);
    Mount mount = t.mount(server);
    StatvfsException e = statvfsFailure(mount.statvfs(Cred.ROOT));
    assertEquals(Errno.EIO, e.errno());
    assertEquals(100, e.statvfs().blocks());
    assertEquals("puffs|testfs", e.statvfs().fstypename());
  }

  private static StatvfsException statvfsFailure(CompletionStage<Statvfs> stage) throws Exception {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("statvfs succeeded");
    } catch (ExecutionException e) {
      return assertInstanceOf(StatvfsException.class, e.getCause());
    }
  }

  // ---- sync ----

  @Test
  void syncSendsWaitforAndCredentials() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    await(mount.sync(MountFlags.MNT_WAIT, Cred.user(5, 6)));
    assertEquals("sync waitfor=1 uid=5,gid=6", server.log.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void syncReportsTheServersError() {
    TestServer server = new TestServer();
    server.syncAnswer.set(Errno.EROFS);
    Mount mount = t.mount(server);
    assertEquals(Errno.EROFS, errnoOf(mount.sync(MountFlags.MNT_LAZY, Cred.ROOT)));
  }

  // ---- file handles ----

  private static Vnode created(Mount mount, String name) {
    try (Vnode root = await(mount.root())) {
      return await(root.create(name, org.jpuffs.api.protocol.Vattr.builder().type(VType.VREG).mode(0644).build(),
          Cred.ROOT));
    }
  }

  @Test
  void fileHandlesWithFhsizeZeroAreEopnotsupp() {
    TestServer server = new TestServer(MountSpec.builder().typeName("nofh").rootCookie(TestServer.ROOT));
    Mount mount = t.mount(server);
    Vnode file = created(mount, "f");
    assertEquals(Errno.EOPNOTSUPP, errnoOf(mount.vnodeToFh(file, 100, Cred.ROOT)));
    assertEquals(Errno.EOPNOTSUPP, errnoOf(mount.fhToVnode(FileHandle.of(new byte[8]), Cred.ROOT)));
  }

  @Test
  void aHandleRoundTripsToTheSameNode() {
    Mount mount = t.mount(new TestServer());
    Vnode file = created(mount, "f");
    FileHandle fh = await(mount.vnodeToFh(file, PuffsConstants.toFhSize(8), Cred.ROOT));
    assertEquals(8, fh.size());
    assertEquals(file.cookie(), await(mount.fhToVnode(fh, Cred.ROOT)).cookie());
  }

  @Test
  void staticHandlesNeedExactlyFhsize() {
    Mount mount = t.mount(new TestServer());
    assertEquals(Errno.EINVAL, errnoOf(mount.fhToVnode(FileHandle.of(new byte[7]), Cred.ROOT)));
    assertEquals(Errno.EINVAL, errnoOf(mount.fhToVnode(FileHandle.of(new byte[9]), Cred.ROOT)));
  }

  @Test
  void dynamicHandlesAcceptUpToFhsize() {
    TestServer server = new TestServer(MountSpec.builder().typeName("dyn").rootCookie(TestServer.ROOT).fhSize(16)
        .fhFlags(FhFlags.DYNAMIC));
    Mount mount = t.mount(server);
    Vnode file = created(mount, "f");
    FileHandle fh = await(mount.vnodeToFh(file, 100, Cred.ROOT));
    assertEquals(8, fh.size());
    assertEquals(file.cookie(), await(mount.fhToVnode(fh, Cred.ROOT)).cookie());
    assertEquals(Errno.EINVAL, errnoOf(mount.fhToVnode(FileHandle.of(new byte[17]), Cred.ROOT)));
  }

  @Test
  void aBufferTooSmallIsE2bigWithTheNeededSize() throws Exception {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Vnode file = created(mount, "f");
    FileHandleSizeException e = handleSizeFailure(mount.vnodeToFh(file, 5, Cred.ROOT));
    assertEquals(PuffsConstants.toFhSize(8), e.neededSize());
    assertEquals(0, server.count("nodeToFh"), "static sizes are checked without asking");

    TestServer dynamic = new TestServer(MountSpec.builder().typeName("dyn").rootCookie(TestServer.ROOT).fhSize(16)
        .fhFlags(FhFlags.DYNAMIC));
    Mount dynMount = t.mount(dynamic);
    Vnode dynFile = created(dynMount, "f");
    assertEquals(PuffsConstants.toFhSize(8), handleSizeFailure(dynMount.vnodeToFh(dynFile, 5, Cred.ROOT))
        .neededSize());
  }

  private static FileHandleSizeException handleSizeFailure(CompletionStage<FileHandle> stage) throws Exception {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("vnodeToFh succeeded");
    } catch (ExecutionException e) {
      return assertInstanceOf(FileHandleSizeException.class, e.getCause());
    }
  }

  @Test
  void aServerHandleOverFhandleSizeMaxIsEprotoAndReported() throws InterruptedException {
    TestServer server = new TestServer(MountSpec.builder().typeName("big").rootCookie(TestServer.ROOT)
        .fhSize(PuffsConstants.PUFFS_FHSIZE_MAX).fhFlags(FhFlags.DYNAMIC));
    server.handle.set(new byte[PuffsConstants.PUFFS_FHSIZE_MAX + 1]);
    Mount mount = t.mount(server);
    Vnode file = created(mount, "f");
    assertEquals(Errno.EPROTO, errnoOf(mount.vnodeToFh(file, 4096, Cred.ROOT)));
    ErrorReport report = server.errors.poll(5, TimeUnit.SECONDS);
    assertEquals(PuffsErr.VPTOFH, report.type());
    assertEquals(Errno.E2BIG, report.error());
  }

  @Test
  void passthroughHandlesPassTheWholeFid() {
    TestServer server = new TestServer(MountSpec.builder().typeName("pt").rootCookie(TestServer.ROOT).fhSize(1)
        .fhFlags(FhFlags.PASSTHROUGH));
    server.handle.set(new byte[PuffsConstants.FID_SIZE]);
    Mount mount = t.mount(server);
    assertEquals(PuffsConstants.FID_SIZE, await(mount.args()).fhsize());
    Vnode file = created(mount, "f");
    FileHandle fh = await(mount.vnodeToFh(file, PuffsConstants.FID_SIZE, Cred.ROOT));
    assertEquals(PuffsConstants.FID_SIZE, fh.size());
    // Any length goes to the server unchanged.
    assertEquals(file.cookie(), await(mount.fhToVnode(fh, Cred.ROOT)).cookie());
  }

  // ---- extattrctl, snapshot ----

  @Test
  void extattrctlOnAVnodeOfAnotherMountIsExdev() {
    Mount one = t.mount(new TestServer());
    Mount other = t.mount(new TestServer());
    Vnode foreign = await(other.root());
    assertEquals(Errno.EXDEV, errnoOf(one.extattrctl(foreign, 1, 1, "user.x", Cred.ROOT)));
    assertEquals(Errno.EXDEV, errnoOf(one.vnodeToFh(foreign, 100, Cred.ROOT)));
  }

  @Test
  void extattrctlSetsHasnodeAndHasattrname() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Vnode root = await(mount.root());
    await(mount.extattrctl(root, 7, 1, "user.x", Cred.ROOT));
    int both = VfsOp.Extattrctl.HASNODE | VfsOp.Extattrctl.HASATTRNAME;
    assertEquals("extattrctl node=" + TestServer.ROOT + " flags=" + both + " name=user.x",
        server.log.poll(5, TimeUnit.SECONDS));
    await(mount.extattrctl(null, 7, 1, null, Cred.ROOT));
    assertEquals("extattrctl node=" + Cookie.NONE + " flags=0 name=", server.log.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void extattrctlHoldsTheNodeWhileTheServerWorks() throws Exception {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Vnode file = created(mount, "held");
    var gate = server.gate("extattrctl", 1);
    CompletionStage<Void> working = mount.extattrctl(file, 1, 1, null, Cred.ROOT);
    assertTrue(server.entered.get("extattrctl").await(5, TimeUnit.SECONDS));
    file.release();
    // The client let go, but the request still holds the node: a plain unmount is refused.
    assertEquals(Errno.EBUSY, errnoOf(mount.unmount(0)));
    gate.countDown();
    await(working);
    await(mount.unmount(0));
  }

  @Test
  void snapshotIsEopnotsupp() {
    assertEquals(Errno.EOPNOTSUPP, errnoOf(t.mount(new TestServer()).snapshot()));
  }

  // ---- unmount ----

  @Test
  void unmountWithAReferencedNodeIsEbusy() {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Vnode root = await(mount.root());
    assertEquals(Errno.EBUSY, errnoOf(mount.unmount(0)));
    assertEquals(0, server.count("unmount"));
    root.release();
    await(mount.unmount(0));
    assertEquals(1, server.count("unmount"));
  }

  @Test
  void forcedUnmountIgnoresBusyNodes() {
    Mount mount = t.mount(new TestServer());
    await(mount.root());
    await(mount.unmount(MountFlags.MNT_FORCE));
  }

  @Test
  void theServerMayRefuseAnUnforcedUnmountAndTheMountStaysRunning() throws InterruptedException {
    TestServer server = new TestServer();
    server.unmountAnswer.set(Errno.EBUSY);
    Mount mount = t.mount(server);
    assertEquals(Errno.EBUSY, errnoOf(mount.unmount(0)));
    assertEquals(MountStatus.RUNNING, await(mount.status()));
    // An unforced unmount syncs first, as dounmount does.
    assertEquals("sync waitfor=1 " + Cred.FSCRED, server.log.poll(5, TimeUnit.SECONDS));
    assertEquals("unmount flags=0", server.log.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void aForcedUnmountOverridesTheServersRefusal() {
    TestServer server = new TestServer();
    server.unmountAnswer.set(Errno.EBUSY);
    Mount mount = t.mount(server);
    await(mount.unmount(MountFlags.MNT_FORCE));
    assertEquals(1, server.count("unmount"));
    assertEquals(Errno.ENXIO, errnoOf(mount.status()));
  }

  @Test
  void afterUnmountNewRequestsFailEnxio() {
    Mount mount = t.mount(new TestServer());
    Vnode root = await(mount.root());
    await(mount.unmount(MountFlags.MNT_FORCE));
    assertEquals(Errno.ENXIO, errnoOf(root.getattr(Cred.ROOT)));
    assertEquals(Errno.ENXIO, errnoOf(mount.root()));
  }

  @Test
  void aForcedUnmountFailsWaitingRequestsWithEnxio() throws Exception {
    TestServer server = new TestServer();
    Mount mount = t.mount(server);
    Vnode root = await(mount.root());
    var gate = server.gate("getattr", 1);
    CompletionStage<?> waiting = root.getattr(Cred.ROOT);
    assertTrue(server.entered.get("getattr").await(5, TimeUnit.SECONDS));
    await(mount.unmount(MountFlags.MNT_FORCE));
    assertEquals(Errno.ENXIO, errnoOf(waiting));
    gate.countDown();
  }

  @Test
  void aServersUnmountRequestIsAnsweredZeroAndForcesUnmount() throws Exception {
    TestServer server = new TestServer() {
      volatile org.jpuffs.api.server.Sop sop;

      @Override
      public void mounted(org.jpuffs.api.server.Sop sop) {
        this.sop = sop;
        sopReady.complete(sop);
      }
    };
    Mount mount = t.mount(server);
    Vnode root = await(mount.root());
    org.jpuffs.api.server.Sop sop = sopReady.get(5, TimeUnit.SECONDS);
    await(sop.requestUnmount());
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(Errno.ENXIO, errnoOf(mount.status()));
      return null;
    });
    assertEquals(Errno.ENXIO, errnoOf(root.getattr(Cred.ROOT)));
  }

  private final CompletableFuture<org.jpuffs.api.server.Sop> sopReady = new CompletableFuture<>();

  @Test
  void aServerThatTerminatesLeavesTheMountRecoveringUntilAnotherAttaches() throws Exception {
    TestServer server = new TestServer();
    ActorRef<ServerRuntime.Command> runtime = t.serve(server);
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), runtime));
    Vnode root = await(mount.root());
    testKit.stop(runtime, Duration.ofSeconds(5));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MountStatus.RECOVERING, await(mount.status()));
      return null;
    });
    // Requests wait for the next server instead of failing.
    CompletionStage<Vattr> parked = root.getattr(Cred.ROOT);
    testKit.createTestProbe().awaitAssert(() -> {
      MountInfo info = await(mount.info());
      assertEquals(1, info.link().parked());
      assertEquals(1, info.epoch());
      return null;
    });
    await(mount.attach(t.serve(new TestServer())));
    await(parked);
    MountInfo info = await(mount.info());
    assertEquals(MountStatus.RUNNING, info.status());
    assertEquals(2, info.epoch());
    assertEquals(0, info.link().parked());
    await(root.getattr(Cred.ROOT));
    assertEquals(Errno.EBUSY, errnoOf(mount.attach(t.serve(new TestServer()))));
    root.release();
    await(mount.unmount(0));
  }

  @Test
  void aServerThatTerminatesBeforeStartLeavesTheMountDying() {
    TestServer server = new TestServer();
    ActorRef<ServerRuntime.Command> runtime = t.serve(server);
    Mount mount = await(t.engine.mountUnstarted(freshName(), argsOf(server), runtime));
    testKit.stop(runtime, Duration.ofSeconds(5));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MountStatus.DYING, await(mount.status()));
      return null;
    });
    assertEquals(Errno.ENXIO, errnoOf(mount.start()));
    // A dying mount can still be unmounted, without asking the dead server.
    await(mount.unmount(MountFlags.MNT_FORCE));
  }
}
