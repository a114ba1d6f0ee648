package org.jpuffs.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PuffsRequestTest {

  @Test
  void headerTakesOpclassAndOptypeFromTheOp() {
    PuffsRequest request = PuffsRequest.of(3, Cookie.of(1), Cred.ROOT, 0, new VnOp.Readdir(0, 512, 0));
    assertEquals(OpClass.VN, request.opclass());
    assertEquals(24, request.optype());
    assertEquals(2, request.opclassWord());
    PuffsRequest vfs = PuffsRequest.of(4, Cookie.NONE, Cred.ROOT, 0, new VfsOp.Statvfs());
    assertEquals(5, vfs.optype());
  }

  @Test
  void fireAndForgetHasIdZeroAndTheFafFlag() {
    PuffsRequest close = PuffsRequest.faf(Cookie.of(1), Cred.ROOT, 0, new VnOp.Close(0));
    assertEquals(0, close.id());
    assertEquals(OpClass.VN.code() | OpClass.FLAG_FAF, close.opclassWord());
    assertThrows(IllegalArgumentException.class,
        () -> new PuffsRequest(5, Cookie.of(1), Cred.ROOT, 0, true, new VnOp.Getattr()));
    assertThrows(IllegalArgumentException.class,
        () -> new PuffsRequest(0, Cookie.of(1), Cred.ROOT, 0, false, new VnOp.Getattr()));
  }

  @Test
  void opsThatAreAlwaysFireAndForgetCannotWantAReply() {
    assertThrows(IllegalArgumentException.class,
        () -> PuffsRequest.of(1, Cookie.of(1), Cred.ROOT, 0, new VnOp.Reclaim(1)));
    assertThrows(IllegalArgumentException.class,
        () -> PuffsRequest.of(1, Cookie.NONE, Cred.ROOT, 0, new ErrorReport(PuffsErr.ERROR, Errno.of(-1), "")));
  }

  @Test
  void fdiscardHasItsOwnOptype() {
    // NetBSD's puffs_vnops.c 1.203 sends FDISCARD with optype FALLOCATE; jpuffs does not.
    assertEquals(48, new VnOp.Fdiscard(0, 1).optype());
    assertEquals(47, new VnOp.Fallocate(0, 1).optype());
  }

  @Test
  void errorReportTextIsCutToThePerrStrBuffer() {
    ErrorReport report = new ErrorReport(PuffsErr.READ, Errno.E2BIG, "x".repeat(1000));
    assertEquals(PuffsConstants.ERROR_TEXT_MAX, report.text().length());
    // Counted in UTF-8 bytes, as the C buffer is: 127 two-byte characters fit in 255 bytes, 128 do not.
    ErrorReport wide = new ErrorReport(PuffsErr.READ, Errno.E2BIG, "é".repeat(200));
    assertEquals(127, wide.text().length());
  }
}
