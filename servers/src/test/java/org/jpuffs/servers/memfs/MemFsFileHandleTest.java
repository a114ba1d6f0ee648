package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.servers.conformance.ServerClient;
import org.junit.jupiter.api.Test;

class MemFsFileHandleTest {
  private final MemFs fs = new MemFs();
  private final ServerClient c = new ServerClient(fs, Cred.ROOT);

  private Errno errno(Runnable op) {
    return assertThrows(PuffsException.class, op::run).errno();
  }

  @Test
  void aHandleIsSixteenBytesAndResolvesToItsNode() {
    Cookie d = c.mkdir(c.root(), "d", 0755);
    FileHandle fh = fs.nodeToFh(c.ctx(), d, 1020);
    assertEquals(16, fh.size());
    assertEquals(16, fs.mountSpec().fhSize());
    assertEquals(d, fs.fhToNode(c.ctx(), fh).cookie());
    assertEquals(VType.VDIR, fs.fhToNode(c.ctx(), fh).vtype());
  }

  @Test
  void aHandleFollowsItsNodeThroughRenameAndLink() {
    Cookie f = c.create(c.root(), "f", 0644);
    FileHandle fh = fs.nodeToFh(c.ctx(), f, 16);
    c.link(c.root(), f, "g");
    c.rename(c.root(), "f", c.mkdir(c.root(), "d", 0755), "moved");
    c.remove(c.root(), "g");
    assertEquals(f, fs.fhToNode(c.ctx(), fh).cookie());
  }

  @Test
  void aHandleWithAnotherGenerationIsStale() {
    Cookie f = c.create(c.root(), "f", 0644);
    byte[] forged = fs.nodeToFh(c.ctx(), f, 16).data().toByteArray();
    forged[15] ^= 1;
    assertEquals(Errno.ESTALE, errno(() -> fs.fhToNode(c.ctx(), FileHandle.of(forged))));
  }

  @Test
  void aHandleOfAReclaimedNodeIsStale() {
    Cookie f = c.create(c.root(), "f", 0644);
    FileHandle fh = fs.nodeToFh(c.ctx(), f, 16);
    c.remove(c.root(), "f");
    fs.reclaim(c.ctx(), f, 2);
    assertEquals(Errno.ESTALE, errno(() -> fs.fhToNode(c.ctx(), fh)));
    assertEquals(Errno.ESTALE, errno(() -> fs.nodeToFh(c.ctx(), f, 16)));
  }

  @Test
  void aHandleResolvesInARestoredMemfs() throws IOException {
    Cookie f = c.create(c.root(), "f", 0644);
    FileHandle fh = fs.nodeToFh(c.ctx(), f, 16);
    ByteArrayOutputStream snap = new ByteArrayOutputStream();
    fs.snapshot(snap);
    MemFs other = new MemFs();
    assertEquals(Errno.ESTALE, errno(() -> other.fhToNode(c.ctx(), fh)), "another memfs has no such node");
    other.restore(new ByteArrayInputStream(snap.toByteArray()));
    assertEquals(f, other.fhToNode(c.ctx(), fh).cookie());
  }

  @Test
  void theRootHasAHandleToo() {
    FileHandle fh = fs.nodeToFh(c.ctx(), c.root(), 16);
    assertEquals(c.root(), fs.fhToNode(c.ctx(), fh).cookie());
  }
}
