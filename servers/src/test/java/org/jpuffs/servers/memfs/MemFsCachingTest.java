package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.servers.conformance.ServerClient;
import org.junit.jupiter.api.Test;

/** The caching memfs declares: CACHE_FS_TTL with TTLs in its answers, IAONDEMAND, and the opt-outs. */
class MemFsCachingTest {
  private static final Timespec HOUR = Timespec.of(MemFs.DEFAULT_CACHE_TTL);

  private final MemFs fs = new MemFs();
  private final ServerClient c = new ServerClient(fs, Cred.ROOT);

  @Test
  void lookupAndCreateAnswersCarryTheAttributeAndNameTtl() {
    OpReply.NewNode made = c.createNode(c.root(), "f", VType.VREG, 0644);
    OpReply.NewNode found = c.lookupNode(c.root(), "f");
    assertEquals(HOUR, made.vaTtl());
    assertEquals(HOUR, made.cnTtl());
    assertEquals(HOUR, found.vaTtl());
    assertEquals(HOUR, found.cnTtl());
  }

  @Test
  void getattrAndSetattrAnswersCarryTheAttributeTtl() {
    Cookie f = c.create(c.root(), "f", 0644);
    assertEquals(HOUR, fs.getattr(c.ctx(), f).vaTtl());
    Vattr chmod = Vattr.builder().mode(0600).build();
    assertEquals(HOUR, fs.setattr(c.ctx(), f, chmod).vaTtl());
  }

  @Test
  void aZeroCacheTtlGivesNoTtlsAndNoCachingFlag() {
    MemFs uncached = MemFs.builder().cacheTtl(Duration.ZERO).build();
    ServerClient u = new ServerClient(uncached, Cred.ROOT);
    OpReply.NewNode made = u.createNode(u.root(), "f", VType.VREG, 0644);
    assertEquals(Timespec.ZERO, made.vaTtl());
    assertEquals(Timespec.ZERO, made.cnTtl());
    assertEquals(Timespec.ZERO, uncached.getattr(u.ctx(), made.cookie()).vaTtl());
    assertEquals(KFlags.IAONDEMAND, uncached.mountSpec().kflags());
  }

  @Test
  void inactiveOnDemandCanBeTurnedOff() {
    MemFs everyInactive = MemFs.builder().cacheTtl(Duration.ZERO).inactiveOnDemand(false).build();
    assertEquals(0, everyInactive.mountSpec().kflags());
  }

  @Test
  void aNegativeCacheTtlIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> MemFs.builder().cacheTtl(Duration.ofSeconds(-1)));
  }

  @Test
  void aRenameThatUnlinksItsTargetAsksForRecycling() {
    c.create(c.root(), "a", 0644);
    Cookie b = c.create(c.root(), "b", 0644);
    RequestContext ctx = c.ctx();
    fs.rename(ctx, c.root(), Cookie.NONE, ComponentName.of(NameiOp.RENAME, "a"), c.root(), b,
        ComponentName.of(NameiOp.RENAME, "b"));
    assertEquals(Setbacks.NOREF_N2, ctx.setbacks());
  }
}
