package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.jpuffs.engine.EngineTesting.freshName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PollEvents;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The vnode-op message rules: ids, fire-and-forget, checkerr and protocol checks, the op mask, parallelism. */
class VnodeRulesTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final EngineTesting t = new EngineTesting(testKit);
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** Records every request the runtime serves and replaces the replies {@code when} selects. */
  static final class Tap implements RequestInterceptor {
    final List<PuffsRequest> seen = new CopyOnWriteArrayList<>();
    final Predicate<PuffsRequest> when;
    final Function<PuffsRequest, PuffsReply> reply;

    Tap(Predicate<PuffsRequest> when, Function<PuffsRequest, PuffsReply> reply) {
      this.when = when;
      this.reply = reply;
    }

    static Tap recording() {
      return new Tap(request -> false, null);
    }

    @Override
    public Verdict onRequest(PuffsRequest request) {
      seen.add(request);
      return when.test(request) ? Verdict.reply(reply.apply(request)) : Verdict.CONTINUE;
    }
  }

  private static Mount mount(TestServer server, Tap tap) {
    return await(t.engine.mount(MountRequest.of(freshName()), t.serve(server, tap)));
  }

  private static Predicate<PuffsRequest> op(Class<? extends VnOp> type) {
    return request -> type.isInstance(request.op());
  }

  private static ErrorReport report(TestServer server) throws InterruptedException {
    ErrorReport report = server.errors.poll(5, TimeUnit.SECONDS);
    assertTrue(report != null, "no error report reached the server");
    return report;
  }

  @Test
  void everyRequestGetsAFreshIdAndFireAndForgetOpsGetIdZero() {
    Tap tap = Tap.recording();
    TestServer server = new TestServer();
    Mount mount = mount(server, tap);
    Vnode root = await(mount.root());
    Vnode file = await(root.create("f", FILE, Cred.ROOT));
    await(file.open(OpenFlags.FREAD, Cred.ROOT));
    await(file.getattr(Cred.ROOT));
    await(file.close(OpenFlags.FREAD, Cred.ROOT));
    await(file.fsync(0, 0, 0, Cred.ROOT));
    List<Long> ids = tap.seen.stream().filter(PuffsRequest::wantsReply).map(PuffsRequest::id).toList();
    assertEquals(ids.stream().distinct().count(), ids.size(), "ids repeat: " + ids);
    assertTrue(tap.seen.stream().filter(r -> r.op() instanceof VnOp.Close || r.op() instanceof VnOp.Fsync)
        .allMatch(r -> r.faf() && r.id() == 0));
  }

  @Test
  void aWaitingFsyncWaitsAndALazyOneIsFireAndForget() {
    Tap tap = Tap.recording();
    Mount mount = mount(new TestServer(MountSpec.builder().typeName("t").rootCookie(TestServer.ROOT)
        .kflags(org.jpuffs.api.protocol.KFlags.ALLOPS)), tap);
    try (Vnode root = await(mount.root())) {
      await(root.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, Cred.ROOT));
      await(root.fsync(FsyncFlags.FSYNC_WAIT | FsyncFlags.FSYNC_LAZY, 0, 0, Cred.ROOT));
    }
    // the lazy fsync is answered before the runtime has seen it: that is what fire-and-forget means
    List<PuffsRequest> fsyncs = testKit.createTestProbe().awaitAssert(() -> {
      List<PuffsRequest> seen = tap.seen.stream().filter(r -> r.op() instanceof VnOp.Fsync).toList();
      assertEquals(2, seen.size());
      return seen;
    });
    assertFalse(fsyncs.get(0).faf());
    assertTrue(fsyncs.get(1).faf());
  }

  @Test
  void anErrnoOutOfRangeIsEprotoAndReportedToTheServer() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = mount(server, new Tap(op(VnOp.Getattr.class), r -> PuffsReply.error(r.id(), Errno.of(-5))));
    Vnode root = await(mount.root());
    assertEquals(Errno.EPROTO, errnoOf(root.getattr(Cred.ROOT)));
    ErrorReport report = report(server);
    assertEquals(PuffsErr.ERROR, report.type());
    assertEquals(Errno.of(-5), report.error());
  }

  @Test
  void rmdirErrnosGoThroughCheckerrToo() throws InterruptedException {
    TestServer server = new TestServer(MountSpec.builder().typeName("t").rootCookie(TestServer.ROOT));
    Mount mount = mount(server, new Tap(op(VnOp.Rmdir.class), r -> PuffsReply.error(r.id(), Errno.of(500))));
    try (Vnode root = await(mount.root()); Vnode dir = await(root.mkdir("d", FILE, Cred.ROOT))) {
      assertEquals(Errno.EOPNOTSUPP, errnoOf(root.rmdir(dir, "d", Cred.ROOT)), "RMDIR is not in the mask");
    }
    TestServer all = new TestServer(MountSpec.builder().typeName("t").rootCookie(TestServer.ROOT)
        .kflags(org.jpuffs.api.protocol.KFlags.ALLOPS));
    Mount allops = mount(all, new Tap(op(VnOp.Rmdir.class), r -> PuffsReply.error(r.id(), Errno.of(500))));
    try (Vnode root = await(allops.root()); Vnode dir = await(root.mkdir("d", FILE, Cred.ROOT))) {
      assertEquals(Errno.EPROTO, errnoOf(root.rmdir(dir, "d", Cred.ROOT)));
    }
    assertEquals(Errno.of(500), report(all).error());
  }

  @Test
  void aFailedPollGivesPollerr() {
    TestServer server = new TestServer(MountSpec.builder().typeName("t").rootCookie(TestServer.ROOT)
        .kflags(org.jpuffs.api.protocol.KFlags.ALLOPS));
    Mount mount = mount(server, new Tap(op(VnOp.Poll.class), r -> PuffsReply.error(r.id(), Errno.EIO)));
    try (Vnode root = await(mount.root())) {
      assertEquals(PollEvents.POLLERR, await(root.poll(PollEvents.POLLIN, Cred.ROOT)));
    }
  }

  @Test
  void readResidGrewIsEprotoWithAReadReport() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = mount(server, new Tap(op(VnOp.Read.class),
        r -> PuffsReply.ok(r.id(), new OpReply.ReadData(Bytes.EMPTY, ((VnOp.Read) r.op()).resid() + 1))));
    try (Vnode root = await(mount.root()); Vnode file = await(root.create("f", FILE, Cred.ROOT))) {
      assertEquals(Errno.EPROTO, errnoOf(file.read(0, 10, 0, Cred.ROOT)));
    }
    assertEquals(PuffsErr.READ, report(server).type());
  }

  @Test
  void readdirWithTooManyCookiesIsEprotoWithAReaddirReport() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = mount(server, new Tap(op(VnOp.Readdir.class), r -> PuffsReply.ok(r.id(),
        new OpReply.Entries(List.of(new DirEntry(1, "a", VType.VREG)), List.of(1L, 2L), 2, 0, true))));
    try (Vnode root = await(mount.root())) {
      assertEquals(Errno.EPROTO, errnoOf(root.readdir(0, 4096, 1, Cred.ROOT)));
    }
    assertEquals(PuffsErr.READDIR, report(server).type());
  }

  @Test
  void readlinkLongerThanTheBufferIsEprotoWithAReadlinkReport() throws InterruptedException {
    TestServer server = new TestServer(MountSpec.builder().typeName("t").rootCookie(TestServer.ROOT)
        .kflags(org.jpuffs.api.protocol.KFlags.ALLOPS));
    Mount mount = mount(server, new Tap(op(VnOp.Readlink.class),
        r -> PuffsReply.ok(r.id(), new OpReply.LinkTarget("x".repeat(2000)))));
    try (Vnode root = await(mount.root())) {
      assertEquals(Errno.EPROTO, errnoOf(root.readlink(Cred.ROOT)));
    }
    assertEquals(PuffsErr.READLINK, report(server).type());
  }

  @Test
  void lookupReturningTheParentsCookieIsEprotoWithALookupReport() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = mount(server, new Tap(op(VnOp.Lookup.class),
        r -> PuffsReply.ok(r.id(), OpReply.NewNode.of(r.cookie(), VType.VDIR, 0, 0))));
    try (Vnode root = await(mount.root())) {
      assertEquals(Errno.EPROTO, errnoOf(root.lookup("x", Cred.ROOT)));
    }
    assertEquals(PuffsErr.LOOKUP, report(server).type());
  }

  @Test
  void createReturningTheRootOrAnExistingCookieIsAMakenodeViolation() throws InterruptedException {
    TestServer server = new TestServer();
    Cookie[] answer = {TestServer.ROOT};
    Mount mount = mount(server, new Tap(op(VnOp.Create.class),
        r -> PuffsReply.ok(r.id(), OpReply.NewNode.of(answer[0], VType.VREG, 0, 0))));
    try (Vnode root = await(mount.root()); Vnode dir = await(root.mkdir("d", FILE, Cred.ROOT))) {
      assertEquals(Errno.EPROTO, errnoOf(root.create("f", FILE, Cred.ROOT)));
      assertEquals(PuffsErr.MAKENODE, report(server).type());
      answer[0] = dir.cookie();
      assertEquals(Errno.EPROTO, errnoOf(root.create("g", FILE, Cred.ROOT)));
      ErrorReport existing = report(server);
      assertEquals(PuffsErr.MAKENODE, existing.type());
      assertEquals(Errno.EEXIST, existing.error());
    }
  }

  @Test
  void aCreatedNodeWithABadTypeIsAMakenodeViolation() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = mount(server, Tap.recording());
    try (Vnode root = await(mount.root())) {
      assertEquals(Errno.EPROTO, errnoOf(root.create("f", Vattr.builder().type(VType.VBAD).build(), Cred.ROOT)));
    }
    assertEquals(PuffsErr.MAKENODE, report(server).type());
  }

  @Test
  void aReplyWithAnUnknownIdIsReportedAndTheCallerTimesOut() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = mount(server, new Tap(op(VnOp.Getattr.class),
        r -> PuffsReply.ok(r.id() + 1_000_000, OpReply.Attributes.of(Vattr.NULL))));
    try (Vnode root = await(mount.root())) {
      var pending = root.getattr(Cred.ROOT);
      ErrorReport report = report(server);
      assertEquals(PuffsErr.ERROR, report.type());
      assertTrue(report.text().contains("unknown id"), report.text());
      assertEquals(Errno.ETIMEDOUT, errnoOf(pending));
    }
  }

  // ---- the op mask ----

  private static TestServer minimal() {
    // Only LOOKUP, CREATE, MKDIR, REMOVE, GETATTR, READ, WRITE, READDIR, INACTIVE, RECLAIM, OPEN are implemented.
    return new TestServer(MountSpec.builder().typeName("min").rootCookie(TestServer.ROOT));
  }

  @Test
  void opsMissingFromTheMaskAnswerEopnotsupp() {
    Tap tap = Tap.recording();
    Mount mount = mount(minimal(), tap);
    try (Vnode root = await(mount.root())) {
      assertEquals(Errno.EOPNOTSUPP, errnoOf(root.setattr(Vattr.NULL, Cred.ROOT)));
      assertEquals(Errno.EOPNOTSUPP, errnoOf(root.readlink(Cred.ROOT)));
      assertEquals(Errno.EOPNOTSUPP, errnoOf(root.pathconf(1, Cred.ROOT)));
      assertEquals(Errno.EOPNOTSUPP, errnoOf(root.mknod("n", FILE, Cred.ROOT)));
      assertEquals(Errno.EOPNOTSUPP, errnoOf(root.getextattr(1, "user.x", true, 0, Cred.ROOT)));
      assertEquals(Errno.EOPNOTSUPP, errnoOf(root.fdiscard(0, 1, Cred.ROOT)));
    }
    assertTrue(tap.seen.isEmpty(), "sent: " + tap.seen);
  }

  @Test
  void accessCloseAndSeekMissingFromTheMaskSucceedWithoutARoundTrip() {
    Tap tap = Tap.recording();
    Mount mount = mount(minimal(), tap);
    try (Vnode root = await(mount.root())) {
      await(root.access(AccessMode.VWRITE, Cred.user(1, 1)));
      await(root.seek(0, 100, Cred.ROOT));
      await(root.close(0, Cred.ROOT));
      assertEquals(PollEvents.POLLIN, await(root.poll(PollEvents.POLLIN | PollEvents.POLLPRI, Cred.ROOT)));
    }
    assertTrue(tap.seen.isEmpty(), "sent: " + tap.seen);
  }

  @Test
  void writeOpeningAFileOfAServerWithoutWriteIsErofs() {
    Mount mount = await(t.engine.mount(MountRequest.of(freshName()), t.serve(new NoWriteServer())));
    assertFalse(await(mount.args()).vnopmask().contains(VnOpType.WRITE));
    try (Vnode root = await(mount.root()); Vnode file = await(root.lookup("file", Cred.ROOT))) {
      assertEquals(Errno.EROFS, errnoOf(file.open(OpenFlags.FREAD | OpenFlags.FWRITE, Cred.ROOT)));
      assertEquals(0, await(file.open(OpenFlags.FREAD, Cred.ROOT)));
    }
  }

  /** A server with one file and no WRITE. */
  static final class NoWriteServer implements org.jpuffs.api.server.FileSystemServer {
    @Override
    public MountSpec mountSpec() {
      return MountSpec.builder().typeName("nowrite").rootCookie(TestServer.ROOT).build();
    }

    @Override
    public OpReply.NewNode lookup(org.jpuffs.api.server.RequestContext ctx, Cookie dir,
        org.jpuffs.api.protocol.ComponentName cn) {
      return OpReply.NewNode.of(Cookie.of(2), VType.VREG, 0, 0);
    }
  }

  // ---- local answers and parallelism ----

  @Test
  void dotIsResolvedWithoutTheServer() {
    Tap tap = Tap.recording();
    Mount mount = mount(new TestServer(), tap);
    try (Vnode root = await(mount.root()); Vnode dot = await(root.lookup(".", Cred.ROOT));
        Vnode dotdot = await(root.lookup("..", Cred.ROOT))) {
      assertEquals(TestServer.ROOT, dot.cookie());
      assertEquals(TestServer.ROOT, dotdot.cookie());
    }
    assertTrue(tap.seen.isEmpty(), "sent: " + tap.seen);
  }

  @Test
  void opsOnDifferentNodesRunInParallel() throws InterruptedException {
    TestServer server = new TestServer();
    Mount mount = mount(server, Tap.recording());
    try (Vnode root = await(mount.root()); Vnode a = await(root.create("a", FILE, Cred.ROOT));
        Vnode b = await(root.create("b", FILE, Cred.ROOT))) {
      var gate = server.gate("getattr", 2);
      var first = a.getattr(Cred.ROOT);
      var second = b.getattr(Cred.ROOT);
      assertTrue(server.entered.get("getattr").await(5, TimeUnit.SECONDS), "both ops are inside the server");
      gate.countDown();
      await(first);
      await(second);
    }
  }

  @Test
  void largeReadsAndWritesAreSplitIntoMessagesOfTomove() {
    // Write-through, so that every write is sent as the client makes it (write-back would keep them in pages).
    TestServer server = new TestServer(MountSpec.builder().typeName("t").rootCookie(TestServer.ROOT)
        .maxMsgLen(16384).kflags(KFlags.WTCACHE));
    Tap tap = Tap.recording();
    Mount mount = mount(server, tap);
    byte[] data = new byte[50_000];
    new java.util.Random(1).nextBytes(data);
    try (Vnode root = await(mount.root()); Vnode file = await(root.create("big", FILE, Cred.ROOT))) {
      await(file.write(0, Bytes.of(data), 0, Cred.ROOT));
      assertEquals(Bytes.of(data), await(file.read(0, 60_000, 0, Cred.ROOT)));
    }
    int chunk = 16384 - 4096;
    assertTrue(tap.seen.stream().filter(r -> r.op() instanceof VnOp.Write)
        .allMatch(r -> ((VnOp.Write) r.op()).data().size() <= chunk));
    assertEquals(5, tap.seen.stream().filter(r -> r.op() instanceof VnOp.Write).count());
  }
}
