package org.jpuffs.engine.node.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.Vattr;
import org.junit.jupiter.api.Test;

/** Local time and size changes: overlay, folding into a client's SETATTR, and what is left after a flush. */
class MetadataChangesTest {
  private static final Timespec T1 = new Timespec(100, 1);
  private static final Timespec T2 = new Timespec(200, 2);
  private static final Vattr SERVER = Vattr.builder().size(10).atime(new Timespec(1, 0)).mtime(new Timespec(1, 0))
      .ctime(new Timespec(1, 0)).mode(0644).build();

  @Test
  void testOverlay_localFieldsReplaceTheServers() {
    Vattr va = MetadataChanges.NONE.written(T1, 500).overlay(SERVER);
    assertEquals(500, va.size());
    assertEquals(T1, va.mtime());
    assertEquals(T1, va.ctime());
    assertEquals(SERVER.atime(), va.atime());
    assertEquals(0644, va.mode());
  }

  @Test
  void testFoldedInto_explicitTimesWinAndTheSizeStaysOut() {
    MetadataChanges local = MetadataChanges.NONE.written(T1, 500).withAtime(T2);
    Vattr sent = local.foldedInto(Vattr.builder().mtime(new Timespec(5, 0)).build());
    assertEquals(new Timespec(5, 0), sent.mtime());
    assertEquals(T1, sent.ctime());
    assertEquals(T2, sent.atime());
    assertEquals(Vattr.VNOVAL, sent.size());
  }

  @Test
  void testWithout_keepsWhatChangedAfterTheFlushWasSent() {
    MetadataChanges sent = MetadataChanges.NONE.written(T1, 500);
    MetadataChanges now = sent.written(T2, Vattr.VNOVAL);
    MetadataChanges left = now.without(sent);
    assertEquals(T2, left.mtime());
    assertEquals(Vattr.VNOVAL, left.size());
    assertTrue(sent.without(sent).isEmpty());
  }

  @Test
  void testOverriddenBy_aClientsExplicitFieldsGo() {
    MetadataChanges left = MetadataChanges.NONE.written(T1, 500).overriddenBy(Vattr.builder().mtime(T2).size(3)
        .build());
    assertEquals(Timespec.VNOVAL, left.mtime());
    assertEquals(T1, left.ctime());
    assertEquals(Vattr.VNOVAL, left.size());
  }
}
