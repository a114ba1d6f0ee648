package org.jpuffs.persistence.oplog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VnOp;
import org.junit.jupiter.api.Test;

class CookieMapTest {

  private static final Cookie OLD_ROOT = Cookie.of(2);
  private static final Cookie NEW_ROOT = Cookie.of(1000);

  @Test
  void learnsNodesFromRepliesAndRewritesEveryCookieOfARequest() {
    CookieMap map = new CookieMap(OLD_ROOT, NEW_ROOT);
    map.learn(created(7, Cookie.of(50)), created(7, Cookie.of(1001)));
    map.learn(created(8, Cookie.of(51)), created(8, Cookie.of(1002)));

    PuffsRequest rename = PuffsRequest.of(9, OLD_ROOT, Cred.ROOT, 0, new VnOp.Rename(Cookie.of(50),
        name(NameiOp.DELETE, "a"), OLD_ROOT, Cookie.of(51), name(NameiOp.RENAME, "b")));

    PuffsRequest translated = map.translate(rename).orElseThrow();
    assertEquals(NEW_ROOT, translated.cookie());
    assertEquals(new VnOp.Rename(Cookie.of(1001), name(NameiOp.DELETE, "a"), NEW_ROOT, Cookie.of(1002),
        name(NameiOp.RENAME, "b")), translated.op());
    assertEquals(9, translated.id());
  }

  @Test
  void aRequestNamingAnUnknownNodeCannotBeTranslated() {
    CookieMap map = new CookieMap(OLD_ROOT, NEW_ROOT);
    PuffsRequest remove = PuffsRequest.of(3, OLD_ROOT, Cred.ROOT, 0,
        new VnOp.Remove(Cookie.of(99), name(NameiOp.DELETE, "gone")));
    assertTrue(map.translate(remove).isEmpty());
    assertTrue(map.translate(PuffsRequest.of(4, Cookie.of(99), Cred.ROOT, 0, new VnOp.Getattr())).isEmpty());
  }

  @Test
  void failedRepliesTeachNothing() {
    CookieMap map = new CookieMap(OLD_ROOT, NEW_ROOT);
    map.learn(created(7, Cookie.of(50)), PuffsReply.error(7, Errno.ENOSPC));
    assertTrue(map.lookup(Cookie.of(50)).isEmpty());
    assertEquals(1, map.size());
    assertEquals(Cookie.NONE, map.lookup(Cookie.NONE).orElseThrow());
  }

  private static PuffsReply created(long id, Cookie cookie) {
    return PuffsReply.ok(id, OpReply.NewNode.of(cookie, VType.VREG, 0, 0));
  }

  private static ComponentName name(NameiOp op, String name) {
    return ComponentName.of(op, name);
  }
}
