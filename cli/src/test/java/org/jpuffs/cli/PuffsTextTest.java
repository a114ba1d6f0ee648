package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.VnOp;
import org.junit.jupiter.api.Test;

class PuffsTextTest {

  private final PuffsText text = new PuffsText(Cookie.of(1));

  @Test
  void rootCookieIsCalledRootAndNoneIsLeftOut() {
    assertEquals("#4 VN RENAME 0x7 source=0x9 sourceName=a targetDir=root target=none targetName=b",
        text.request(PuffsRequest.of(4, Cookie.of(7), Cred.ROOT, 1, new VnOp.Rename(Cookie.of(9),
            ComponentName.lookup("a"), Cookie.of(1), Cookie.NONE, ComponentName.lookup("b")))));
  }

  @Test
  void fireAndForgetSaysSo() {
    assertEquals("#0 VN RECLAIM 0x5 FAF nlookup=3",
        text.request(PuffsRequest.faf(Cookie.of(5), Cred.ROOT, 1, new VnOp.Reclaim(3))));
  }

  @Test
  void binaryDataShowsOnlyItsSize() {
    assertEquals("#2 OK ReadData data=3 bytes resid=0",
        text.reply(PuffsReply.ok(2, new OpReply.ReadData(Bytes.of(new byte[] {0, 1, 2}), 0))));
  }

  @Test
  void namesThatNeedItAreQuoted() {
    assertEquals("#1 VN LOOKUP root name=\"two words\"",
        text.request(PuffsRequest.of(1, Cookie.of(1), Cred.ROOT, 1,
            new VnOp.Lookup(ComponentName.lookup("two words")))));
  }

  @Test
  void failedReplyShowsTheErrnoAndSetbacks() {
    assertEquals("#9 EACCES setbacks=0x4",
        text.reply(PuffsReply.error(9, Errno.EACCES).withSetbacks(Setbacks.NOREF_N1)));
  }

  @Test
  void invalidErrnoIsShownAsItsNumber() {
    assertEquals("#9 errno(-3)", text.reply(PuffsReply.error(9, Errno.of(-3))));
  }
}
