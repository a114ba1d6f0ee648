package org.jpuffs.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void ofCopiesSoTheSenderCannotChangeAMessage() {
    byte[] data = {1, 2, 3};
    Bytes bytes = Bytes.of(data);
    data[0] = 9;
    assertEquals(1, bytes.get(0));
    bytes.toByteArray()[1] = 9;
    assertEquals(2, bytes.get(1));
  }

  @Test
  void equalityIsByContent() {
    assertEquals(Bytes.of(new byte[] {1, 2}), Bytes.of(new byte[] {1, 2}));
    assertNotEquals(Bytes.of(new byte[] {1, 2}), Bytes.of(new byte[] {2, 1}));
    assertEquals(Bytes.of(new byte[] {1, 2}).hashCode(), Bytes.of(new byte[] {1, 2}).hashCode());
    assertSame(Bytes.EMPTY, Bytes.of(new byte[0]));
  }

  @Test
  void viewsAreReadOnlyAndSlicesCopy() {
    Bytes bytes = Bytes.utf8("hello");
    assertThrows(java.nio.ReadOnlyBufferException.class, () -> bytes.asReadOnlyBuffer().put((byte) 0));
    assertEquals("ell", bytes.slice(1, 4).toUtf8());
    assertEquals(Bytes.utf8("lo"), Bytes.of(ByteBuffer.wrap("hello".getBytes(), 3, 2)));
  }
}
