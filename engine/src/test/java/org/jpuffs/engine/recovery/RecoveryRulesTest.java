package org.jpuffs.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.oplog.OpRecord;
import org.junit.jupiter.api.Test;

/** The pure rules of recovery: reconciling retries, translating cookies, re-resolving names. */
class RecoveryRulesTest {

  static final Cookie ROOT = new Cookie(1);
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();

  private static ComponentName cn(String name) {
    return ComponentName.of(NameiOp.CREATE, name);
  }

  private static PuffsRequest request(long id, Cookie cookie, VnOp op) {
    return PuffsRequest.of(id, cookie, Cred.ROOT, 0, op);
  }

  @Test
  void aRetriedCreateThatFindsItsNameLooksItUpAndARetriedRemovalThatFindsItGoneSucceeds() {
    PuffsRequest create = request(7, ROOT, new VnOp.Create(cn("f"), FILE));
    assertEquals(Optional.of("f"), Reconciliation.lookupInstead(create, PuffsReply.error(7, Errno.EEXIST))
        .map(ComponentName::name));
    assertEquals(Optional.empty(), Reconciliation.lookupInstead(create, PuffsReply.error(7, Errno.ENOSPC)));

    PuffsRequest remove = request(8, ROOT, new VnOp.Remove(new Cookie(5), cn("f")));
    assertEquals(Errno.OK, Reconciliation.settle(remove, PuffsReply.error(8, Errno.ENOENT)).rv());
    assertEquals(Errno.EACCES, Reconciliation.settle(remove, PuffsReply.error(8, Errno.EACCES)).rv());
    PuffsRequest link = request(9, ROOT, new VnOp.Link(new Cookie(5), cn("g")));
    assertEquals(Errno.OK, Reconciliation.settle(link, PuffsReply.error(9, Errno.EEXIST)).rv());
    PuffsRequest write = request(10, new Cookie(5), new VnOp.Write(0, 0, org.jpuffs.api.protocol.Bytes.utf8("x")));
    assertEquals(Errno.EIO, Reconciliation.settle(write, PuffsReply.error(10, Errno.EIO)).rv());
  }

  @Test
  void cookiesAreTranslatedBothWaysAndACollidingNewServerCookieGetsASyntheticEngineCookie() {
    // Engine 1 → server 10 (root), engine 2 → server 1: the new server's cookie 1 is taken on the engine side.
    CookieTranslation translation = CookieTranslation.of(Map.of(ROOT, new Cookie(10), new Cookie(2), new Cookie(1)));
    PuffsRequest rename = request(3, ROOT, new VnOp.Rename(new Cookie(2), cn("a"), ROOT, Cookie.NONE, cn("b")));
    VnOp.Rename sent = (VnOp.Rename) translation.toServer(rename).op();
    assertEquals(new Cookie(10), translation.toServer(rename).cookie());
    assertEquals(new Cookie(1), sent.source());
    assertEquals(new Cookie(10), sent.targetDir());
    assertEquals(Cookie.NONE, sent.target());

    PuffsReply known = PuffsReply.ok(4, OpReply.NewNode.of(new Cookie(1), VType.VREG, 0, 0));
    assertEquals(new Cookie(2), ((OpReply.NewNode) translation.toEngine(known).body()).cookie());
    PuffsReply fresh = PuffsReply.ok(5, OpReply.NewNode.of(new Cookie(99), VType.VREG, 0, 0));
    assertEquals(new Cookie(99), ((OpReply.NewNode) translation.toEngine(fresh).body()).cookie());
    PuffsReply colliding = PuffsReply.ok(6, OpReply.NewNode.of(new Cookie(2), VType.VREG, 0, 0));
    Cookie synthetic = ((OpReply.NewNode) translation.toEngine(colliding).body()).cookie();
    assertNotEquals(new Cookie(2), synthetic);
    assertEquals(new Cookie(2), translation.toServer(synthetic), "and it maps back");
    assertTrue(CookieTranslation.identity().isIdentity());
  }

  @Test
  void namesAreLookedUpAgainParentsFirstFollowingRenamesAndRemoves() {
    NamePaths names = new NamePaths();
    Cookie dir = new Cookie(2);
    Cookie file = new Cookie(3);
    Cookie gone = new Cookie(4);
    names.learn(request(1, ROOT, new VnOp.Mkdir(cn("d"), FILE)),
        PuffsReply.ok(1, OpReply.NewNode.of(dir, VType.VDIR, 0, 0)));
    names.learn(request(2, dir, new VnOp.Create(cn("f"), FILE)),
        PuffsReply.ok(2, OpReply.NewNode.of(file, VType.VREG, 0, 0)));
    names.learn(request(3, dir, new VnOp.Create(cn("g"), FILE)),
        PuffsReply.ok(3, OpReply.NewNode.of(gone, VType.VREG, 0, 0)));
    names.learn(request(4, dir, new VnOp.Rename(file, cn("f"), ROOT, Cookie.NONE, cn("moved"))),
        PuffsReply.ok(4, OpReply.None.INSTANCE));
    names.learn(request(5, dir, new VnOp.Remove(gone, cn("g"))), PuffsReply.ok(5, OpReply.None.INSTANCE));

    List<OpRecord> lookups = names.lookupsFrom(ROOT);
    assertEquals(List.of("d", "moved"), lookups.stream()
        .map(r -> ((VnOp.Lookup) r.request().op()).cn().name()).sorted().toList());
    for (OpRecord lookup : lookups) {
      assertEquals(ROOT, lookup.request().cookie(), "both are in the root now");
    }
  }
}
