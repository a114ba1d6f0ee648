package org.jpuffs.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpMaskTest {

  @Test
  void theCFormHasVnMaxPlusSpareBytes() {
    byte[] bytes = OpMask.of(VnOpType.LOOKUP, VnOpType.FDISCARD).toBytes();
    assertEquals(48 + 30, bytes.length);
    assertEquals(1, bytes[0]);
    assertEquals(1, bytes[VnOpType.FDISCARD.code()]);
    assertEquals(0, bytes[1]);
  }

  @Test
  void withAddsAnOp() {
    OpMask mask = OpMask.NONE.with(VnOpType.READ);
    assertTrue(mask.contains(VnOpType.READ));
    assertFalse(OpMask.NONE.contains(VnOpType.READ));
  }
}
