package org.jpuffs.engine.node.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpuffs.api.protocol.Timespec;
import org.junit.jupiter.api.Test;

/** TTL arithmetic across the wrap-around of a nanosecond clock, and the "not given" TTL. */
class CacheExpiryTest {

  @Test
  void aTtlOfZeroIsNotGivenAndNeverExpires() {
    assertFalse(Expiry.isGiven(Timespec.ZERO));
    assertEquals(Expiry.NEVER, Expiry.after(5, Timespec.ZERO));
    assertTrue(Expiry.validAt(Expiry.NEVER, Long.MAX_VALUE));
  }

  @Test
  void expiryWorksAcrossTheWrapAround() {
    long now = Long.MAX_VALUE - 5;
    long expires = Expiry.after(now, new Timespec(0, 10));
    assertTrue(Expiry.validAt(expires, now));
    assertTrue(Expiry.validAt(expires, now + 9));
    assertFalse(Expiry.validAt(expires, now + 10));
    assertFalse(Expiry.validAt(expires, now + 1_000));
  }
}
