package org.jpuffs.engine.msgif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;
import org.junit.jupiter.api.Test;

class ReplyCheckTest {

  private static final Cookie ROOT = Cookie.of(1);
  private static final Cookie DIR = Cookie.of(10);
  private static final Cookie EXISTING = Cookie.of(11);
  private static final ReplyCheck.Cookies COOKIES =
      ReplyCheck.Cookies.of(ROOT, value -> value == 1 || value == 10 || value == 11);

  private static PuffsRequest request(Op op) {
    return PuffsRequest.of(7, DIR, Cred.ROOT, 0, op);
  }

  private static CheckedReply check(Op op, PuffsReply reply) {
    return ReplyCheck.check(request(op), reply, COOKIES);
  }

  private static CheckedReply check(Op op, OpReply body) {
    return check(op, PuffsReply.ok(7, body));
  }

  private static ErrorReport violation(CheckedReply checked, PuffsErr code, Errno error) {
    CheckedReply.Failed failed = assertInstanceOf(CheckedReply.Failed.class, checked);
    assertEquals(Errno.EPROTO, failed.errno());
    ErrorReport report = failed.report().orElseThrow();
    assertEquals(code, report.type());
    assertEquals(error, report.error());
    return report;
  }

  private static Errno failure(CheckedReply checked) {
    CheckedReply.Failed failed = assertInstanceOf(CheckedReply.Failed.class, checked);
    assertEquals(Optional.empty(), failed.report());
    return failed.errno();
  }

  private static final VnOp.Lookup LOOKUP = new VnOp.Lookup(ComponentName.lookup("f"));
  private static final VnOp.Create CREATE =
      new VnOp.Create(ComponentName.of(NameiOp.CREATE, "f"), Vattr.builder().type(VType.VREG).mode(0644).build());

  @Test
  void aValidErrnoPassesThroughCheckerr() {
    assertEquals(Errno.ENOENT, failure(check(LOOKUP, PuffsReply.error(7, Errno.ENOENT))));
  }

  @Test
  void anErrnoOutOfRangeBecomesEprotoAndAnErrorReportCarryingIt() {
    violation(check(LOOKUP, PuffsReply.error(7, Errno.of(-5))), PuffsErr.ERROR, Errno.of(-5));
    violation(check(new VnOp.Getattr(), PuffsReply.error(7, Errno.of(Errno.ELAST + 1))), PuffsErr.ERROR,
        Errno.of(Errno.ELAST + 1));
  }

  @Test
  void rmdirIsCheckedLikeEveryOtherOp() {
    // NetBSD's puffs_vnop_rmdir forgets checkerr; jpuffs does not.
    VnOp.Rmdir rmdir = new VnOp.Rmdir(EXISTING, ComponentName.of(NameiOp.DELETE, "d"));
    violation(check(rmdir, PuffsReply.error(7, Errno.of(1000))), PuffsErr.ERROR, Errno.of(1000));
  }

  @Test
  void aBodyOfTheWrongTypeIsEproto() {
    violation(check(new VnOp.Getattr(), new OpReply.PollReady(1)), PuffsErr.ERROR, Errno.EPROTO);
    violation(check(new VnOp.Read(0, 10, 0), OpReply.None.INSTANCE), PuffsErr.READ, Errno.EPROTO);
  }

  @Test
  void readResidGrewIsEprotoWithAReadReport() {
    violation(check(new VnOp.Read(0, 10, 0), new OpReply.ReadData(Bytes.EMPTY, 11)), PuffsErr.READ, Errno.E2BIG);
    violation(check(new VnOp.Read(0, 10, 0), new OpReply.ReadData(Bytes.of(new byte[12]), -2)), PuffsErr.READ,
        Errno.E2BIG);
  }

  @Test
  void readDataMustMatchWhatTheResidSaysWasDone() {
    violation(check(new VnOp.Read(0, 10, 0), new OpReply.ReadData(Bytes.of(new byte[3]), 0)), PuffsErr.READ,
        Errno.E2BIG);
    assertInstanceOf(CheckedReply.Ok.class,
        check(new VnOp.Read(0, 10, 0), new OpReply.ReadData(Bytes.of(new byte[3]), 7)));
  }

  @Test
  void writeResidGrewIsEprotoWithAWriteReport() {
    violation(check(new VnOp.Write(0, 0, Bytes.of(new byte[4])), new OpReply.Resid(5)), PuffsErr.WRITE,
        Errno.E2BIG);
  }

  @Test
  void aWriteLeftUnfinishedIsEio() {
    assertEquals(Errno.EIO, failure(check(new VnOp.Write(0, 0, Bytes.of(new byte[4])), new OpReply.Resid(1))));
    assertInstanceOf(CheckedReply.Ok.class, check(new VnOp.Write(0, 0, Bytes.of(new byte[4])), OpReply.Resid.DONE));
  }

  @Test
  void readdirResidGrewIsEprotoWithAReaddirReport() {
    OpReply.Entries grew = new OpReply.Entries(List.of(), List.of(), 0, 600, true);
    violation(check(new VnOp.Readdir(0, 512, 0), grew), PuffsErr.READDIR, Errno.E2BIG);
  }

  @Test
  void readdirEntriesLargerThanTheBufferAreEproto() {
    List<DirEntry> many = List.of(new DirEntry(1, "aaaaaaaaaa", VType.VREG), new DirEntry(2, "b", VType.VREG));
    violation(check(new VnOp.Readdir(0, 32, 0), new OpReply.Entries(many, List.of(), 2, 0, false)),
        PuffsErr.READDIR, Errno.E2BIG);
  }

  @Test
  void readdirTooManyCookiesIsEproto() {
    List<DirEntry> two = List.of(new DirEntry(1, "a", VType.VREG), new DirEntry(2, "b", VType.VREG));
    violation(check(new VnOp.Readdir(0, 512, 1), new OpReply.Entries(two, List.of(1L, 2L), 2, 480, false)),
        PuffsErr.READDIR, Errno.E2BIG);
    assertInstanceOf(CheckedReply.Ok.class,
        check(new VnOp.Readdir(0, 512, 2), new OpReply.Entries(two, List.of(1L, 2L), 2, 480, false)));
  }

  @Test
  void readlinkLongerThanTheBufferIsEprotoWithAReadlinkReport() {
    violation(check(new VnOp.Readlink(4), new OpReply.LinkTarget("abcde")), PuffsErr.READLINK, Errno.E2BIG);
    // The limit counts UTF-8 bytes: two two-byte characters do not fit in three.
    violation(check(new VnOp.Readlink(3), new OpReply.LinkTarget("éé")), PuffsErr.READLINK, Errno.E2BIG);
  }

  @Test
  void getextattrResidGrewIsEprotoWithAGetextattrReport() {
    violation(check(new VnOp.Getextattr(1, "k", false, 4), new OpReply.Extattr(Bytes.of(new byte[5]), 5, 0)),
        PuffsErr.GETEXTATTR, Errno.E2BIG);
  }

  @Test
  void listextattrResidGrewIsEprotoWithAListextattrReport() {
    violation(check(new VnOp.Listextattr(1, false, 4, 0), new OpReply.Extattr(Bytes.EMPTY, 0, 9)),
        PuffsErr.LISTEXTATTR, Errno.E2BIG);
  }

  @Test
  void lookupReturningTheParentsCookieIsEprotoWithALookupReport() {
    ErrorReport report = violation(check(LOOKUP, OpReply.NewNode.of(DIR, VType.VREG, 0, 0)), PuffsErr.LOOKUP,
        Errno.EINVAL);
    assertTrue(report.text().contains("parent cookie"));
  }

  @Test
  void lookupWithABadNodeTypeIsAMakenodeViolation() {
    violation(check(LOOKUP, OpReply.NewNode.of(Cookie.of(20), VType.VBAD, 0, 0)), PuffsErr.MAKENODE,
        Errno.EINVAL);
    violation(check(LOOKUP, OpReply.NewNode.of(Cookie.of(20), VType.VNON, 0, 0)), PuffsErr.MAKENODE,
        Errno.EINVAL);
    violation(check(LOOKUP, OpReply.NewNode.of(Cookie.of(20), VType.VREG, -1, 0)), PuffsErr.MAKENODE,
        Errno.EINVAL);
  }

  @Test
  void lookupOfAnExistingNodeIsFine() {
    assertInstanceOf(CheckedReply.Ok.class, check(LOOKUP, OpReply.NewNode.of(EXISTING, VType.VREG, 5, 0)));
  }

  @Test
  void createReturningNoCookieIsEopnotsupp() {
    assertEquals(Errno.EOPNOTSUPP, failure(check(CREATE, OpReply.NewNode.NO_NODE)));
  }

  @Test
  void createReturningAnExistingCookieIsAMakenodeViolation() {
    violation(check(CREATE, OpReply.NewNode.of(EXISTING, VType.VREG, 0, 0)), PuffsErr.MAKENODE, Errno.EEXIST);
  }

  @Test
  void createReturningTheRootCookieIsAMakenodeViolation() {
    violation(check(new VnOp.Mkdir(ComponentName.of(NameiOp.CREATE, "d"), Vattr.NULL),
        OpReply.NewNode.of(ROOT, VType.VDIR, 0, 0)), PuffsErr.MAKENODE, Errno.EEXIST);
  }

  @Test
  void createOfABadNodeTypeIsAMakenodeViolation() {
    VnOp.Mknod bad = new VnOp.Mknod(ComponentName.of(NameiOp.CREATE, "n"),
        Vattr.builder().type(VType.VBAD).build());
    violation(check(bad, OpReply.NewNode.of(Cookie.of(30), VType.VBAD, 0, 0)), PuffsErr.MAKENODE, Errno.EINVAL);
  }

  @Test
  void fhtovpReturningABadNodeIsAMakenodeViolation() {
    VfsOp.FhToVp fh = new VfsOp.FhToVp(FileHandle.of(new byte[] {1}));
    violation(check(fh, new OpReply.NodeInfo(Cookie.NONE, VType.VREG, 0, 0)), PuffsErr.MAKENODE, Errno.EINVAL);
    violation(check(fh, new OpReply.NodeInfo(Cookie.of(40), VType.VNON, 0, 0)), PuffsErr.MAKENODE, Errno.EINVAL);
  }

  @Test
  void fallocateEagainBecomesEio() {
    assertEquals(Errno.EIO, failure(check(new VnOp.Fallocate(0, 10), PuffsReply.error(7, Errno.EAGAIN))));
  }

  @Test
  void setbacksOutsideTheMaskAreDropped() {
    CheckedReply.Ok ok = assertInstanceOf(CheckedReply.Ok.class,
        check(new VnOp.Getattr(), new PuffsReply(7, Errno.OK, 0xf0 | Setbacks.NOREF_N1,
            OpReply.Attributes.of(Vattr.NULL))));
    assertEquals(Setbacks.NOREF_N1, ok.setbacks());
  }

  @Test
  void setbacksSurviveAFailure() {
    VnOp.Remove remove = new VnOp.Remove(EXISTING, ComponentName.of(NameiOp.DELETE, "f"));
    CheckedReply.Failed failed = assertInstanceOf(CheckedReply.Failed.class,
        check(remove, new PuffsReply(7, Errno.EBUSY, Setbacks.INACT_N2, OpReply.None.INSTANCE)));
    assertEquals(Setbacks.INACT_N2, failed.setbacks());
  }
}
