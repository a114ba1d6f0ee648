package org.jpuffs.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VnOp;
import org.junit.jupiter.api.Test;

class ExtattrRepliesTest {

  @Test
  void aValueThatFitsComesWithTheRestOfTheBuffer() {
    OpReply.Extattr reply = ExtattrReplies.value(Bytes.utf8("abc"), false, 10);
    assertEquals(Bytes.utf8("abc"), reply.data());
    assertEquals(3, reply.datasize());
    assertEquals(7, reply.resid());
  }

  @Test
  void onlyTheSizeWhenOnlyTheSizeIsWanted() {
    OpReply.Extattr reply = ExtattrReplies.value(Bytes.utf8("abc"), true, 0);
    assertEquals(Bytes.EMPTY, reply.data());
    assertEquals(3, reply.datasize());
  }

  @Test
  void aValueThatDoesNotFitIsErange() {
    PuffsException e = assertThrows(PuffsException.class,
        () -> ExtattrReplies.value(Bytes.utf8("abcd"), false, 3));
    assertEquals(Errno.ERANGE, e.errno());
  }

  @Test
  void lenprefixListsAreNetbsdsFormat() {
    OpReply.Extattr reply = ExtattrReplies.names(ExtattrNamespace.USER, List.of("a", "bc"),
        VnOp.Listextattr.LENPREFIX, false, 100);
    assertEquals(Bytes.of(new byte[] {1, 'a', 2, 'b', 'c'}), reply.data());
  }

  @Test
  void otherListsAreLinuxListxattrsFormat() {
    OpReply.Extattr reply = ExtattrReplies.names(ExtattrNamespace.USER, List.of("a", "bc"), 0, false, 100);
    assertEquals(Bytes.utf8("user.a\0user.bc\0"), reply.data());
  }
}
