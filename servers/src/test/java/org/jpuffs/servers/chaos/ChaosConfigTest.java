package org.jpuffs.servers.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VfsOpType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.junit.jupiter.api.Test;

class ChaosConfigTest {

  @Test
  void everyFaultStartsOff() {
    ChaosConfig none = ChaosConfig.none();
    for (ChaosFault f : ChaosFault.values()) {
      assertFalse(none.enabled(f), f.name());
    }
    assertEquals(-1, none.crashAfter());
  }

  @Test
  void eachFaultIsSwitchedOnByItself() {
    ChaosConfig c = ChaosConfig.builder().residGrew(0.5).crashAfter(0).build();
    assertTrue(c.enabled(ChaosFault.RESID_GREW));
    assertTrue(c.enabled(ChaosFault.CRASH));
    assertFalse(c.enabled(ChaosFault.DROP));
    assertEquals(0.5, c.probability(ChaosFault.RESID_GREW));
  }

  @Test
  void probabilitiesMustBeBetweenZeroAndOne() {
    assertThrows(IllegalArgumentException.class, () -> ChaosConfig.builder().dropReplies(1.5));
    assertThrows(IllegalArgumentException.class, () -> ChaosConfig.builder().dropReplies(-0.1));
    assertThrows(IllegalArgumentException.class, () -> ChaosConfig.builder().dropReplies(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ChaosConfig.builder().probability(ChaosFault.CRASH, 1));
  }

  @Test
  void errorsNeedRealErrnos() {
    assertThrows(IllegalArgumentException.class, () -> ChaosConfig.builder().errors(1, Errno.OK));
    assertThrows(IllegalArgumentException.class, () -> ChaosConfig.builder().errors(1, Errno.of(500)));
    assertEquals(List.of(Errno.EIO), ChaosConfig.builder().errors(1).build().errnos());
  }

  @Test
  void latencyRangeMustBeOrdered() {
    assertThrows(IllegalArgumentException.class,
        () -> ChaosConfig.builder().latency(1, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> ChaosConfig.builder().latency(1, Duration.ofSeconds(-1), Duration.ofSeconds(1)));
  }

  @Test
  void opFilterSelectsVnodeAndVfsOps() {
    ChaosConfig c = ChaosConfig.builder().onlyOps(VnOpType.READ).onlyVfsOps(VfsOpType.STATVFS).build();
    assertTrue(c.appliesTo(new VnOp.Read(0, 1, 0)));
    assertFalse(c.appliesTo(new VnOp.Lookup(ComponentName.lookup("a"))));
    assertTrue(c.appliesTo(new VfsOp.Statvfs()));
    assertFalse(c.appliesTo(new VfsOp.Sync(0)));
    assertTrue(ChaosConfig.none().appliesTo(new VfsOp.Sync(0)));
  }

  @Test
  void errorReportsAreNeverFaulted() {
    assertFalse(ChaosConfig.none().appliesTo(new ErrorReport(PuffsErr.READ, Errno.E2BIG, "x")));
  }

  @Test
  void diceAreAPureFunctionOfSeedFaultAndKey() {
    ChaosDice a = new ChaosDice(1);
    ChaosDice b = new ChaosDice(1);
    int hits = 0;
    for (long key = 1; key <= 10_000; key++) {
      assertEquals(a.hits(ChaosFault.DROP, key, 0.3), b.hits(ChaosFault.DROP, key, 0.3));
      assertEquals(a.pick(ChaosFault.DROP, key, 7), b.pick(ChaosFault.DROP, key, 7));
      hits += a.hits(ChaosFault.DROP, key, 0.3) ? 1 : 0;
      long between = a.between(ChaosFault.LATENCY, key, 10, 20);
      assertTrue(between >= 10 && between <= 20);
    }
    assertTrue(hits > 2700 && hits < 3300, "hits " + hits);
    assertTrue(a.hits(ChaosFault.DROP, 5, 1.0));
    assertFalse(a.hits(ChaosFault.DROP, 5, 0.0));
  }
}
