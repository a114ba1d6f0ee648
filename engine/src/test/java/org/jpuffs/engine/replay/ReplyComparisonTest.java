package org.jpuffs.engine.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.junit.jupiter.api.Test;

class ReplyComparisonTest {

  private static PuffsReply attrs(Vattr va) {
    return PuffsReply.ok(1, OpReply.Attributes.of(va));
  }

  private static Vattr.Builder file() {
    return Vattr.builder().type(VType.VREG).mode(0644).nlink(1).size(10);
  }

  @Test
  void timesAndServerChosenNumbersAreNotCompared() {
    Vattr was = file().fileid(7).atime(Timespec.of(Instant.ofEpochSecond(1))).build();
    Vattr now = file().fileid(99).atime(Timespec.of(Instant.ofEpochSecond(2))).build();
    assertTrue(ReplyComparison.differences(attrs(was), attrs(now)).isEmpty());
  }

  @Test
  void modeAndSizeAreCompared() {
    String diff = ReplyComparison.differences(attrs(file().build()), attrs(file().mode(0600).size(11).build()))
        .orElseThrow();
    assertEquals("mode 600, recorded 644, size 11, recorded 10", diff);
  }

  @Test
  void aDirectorysSizeIsTheServersOwnFormat() {
    Vattr dir = Vattr.builder().type(VType.VDIR).mode(0755).nlink(2).size(64).build();
    assertTrue(ReplyComparison.differences(attrs(dir), attrs(dir.toBuilder().size(4096).build())).isEmpty());
  }

  @Test
  void anotherErrnoIsADivergence() {
    assertEquals("errno EIO, recorded OK", ReplyComparison.differences(attrs(file().build()),
        PuffsReply.error(1, Errno.EIO)).orElseThrow());
  }

  @Test
  void readDataIsComparedByContent() {
    PuffsReply was = PuffsReply.ok(1, OpReply.ReadData.of(Bytes.utf8("abc"), 3));
    PuffsReply now = PuffsReply.ok(1, OpReply.ReadData.of(Bytes.utf8("abd"), 3));
    assertTrue(ReplyComparison.differences(was, now).orElseThrow().startsWith("data sha256 "));
    assertTrue(ReplyComparison.differences(was, was).isEmpty());
  }
}
