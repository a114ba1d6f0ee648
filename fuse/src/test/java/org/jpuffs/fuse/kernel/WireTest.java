package org.jpuffs.fuse.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The struct sizes and offsets of linux/fuse.h 7.38, as measured (fuse-notes.md). */
class WireTest {
  private static final FuseAttr ATTR = new FuseAttr(7, 100, 1, 2, 3, 4, 5, 6, 7, 0100644, 1, 1000, 1000, 0, 4096);

  @Test
  void entryOutIs128BytesWithTheAttributesAt40() {
    ByteBuffer out = FuseReply.allocate(256);
    Wire.entry(out, 9, 0, 1_500_000_000L, 0, ATTR);
    assertEquals(Wire.ENTRY_OUT, out.position());
    assertEquals(1, out.getLong(16), "entry_valid seconds");
    assertEquals(500_000_000, out.getInt(32), "entry_valid_nsec");
    assertEquals(0100644, out.getInt(40 + 60), "mode at 60 in fuse_attr");
  }

  @Test
  void attrOutIs104Bytes() {
    ByteBuffer out = FuseReply.allocate(256);
    Wire.attr(out, 0, ATTR);
    assertEquals(Wire.ATTR_OUT, out.position());
    assertEquals(1000, out.getInt(16 + 68), "uid at 68 in fuse_attr");
  }

  @Test
  void statfsOutIs80Bytes() {
    ByteBuffer out = FuseReply.allocate(128);
    Wire.statfs(out, 1, 2, 3, 4, 5, 4096, 255, 4096);
    assertEquals(Wire.STATFS_OUT, out.position());
  }

  @Test
  void direntsArePaddedTo8() {
    byte[] name = "abc".getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = FuseReply.allocate(64);
    Wire.dirent(out, 1, 2, 4, name);
    assertEquals(32, out.position());
    assertEquals(32, Wire.direntSize(name));
  }

  @Test
  void requestShorterThanItsHeaderIsMalformed() {
    ByteBuffer in = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    assertThrows(MalformedRequestException.class, () -> FuseRequest.parse(in, 20));
  }

  @Test
  void requestWhoseLengthDisagreesWithItsHeaderIsMalformed() {
    ByteBuffer in = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    in.putInt(0, 48);
    assertThrows(MalformedRequestException.class, () -> FuseRequest.parse(in, 56));
  }

  @Test
  void headerFieldsAreRead() {
    ByteBuffer in = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    in.putInt(0, 48).putInt(4, FuseOpcode.GETATTR).putLong(8, 77).putLong(16, 5).putInt(24, 1000).putInt(28, 100)
        .putInt(32, 4242).putLong(40, 0x0102);
    FuseRequest r = FuseRequest.parse(in, 48);
    assertEquals(FuseOpcode.GETATTR, r.opcode());
    assertEquals(77, r.unique());
    assertEquals(5, r.nodeid());
    assertEquals(4242, r.pid());
    assertEquals(0x0102, r.u64());
  }
}
