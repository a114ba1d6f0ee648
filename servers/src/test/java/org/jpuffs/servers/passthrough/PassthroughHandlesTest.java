package org.jpuffs.servers.passthrough;

import static org.jpuffs.servers.passthrough.Ops.create;
import static org.jpuffs.servers.passthrough.Ops.delete;
import static org.jpuffs.servers.passthrough.Ops.dir;
import static org.jpuffs.servers.passthrough.Ops.errno;
import static org.jpuffs.servers.passthrough.Ops.file;
import static org.jpuffs.servers.passthrough.Ops.lookup;
import static org.jpuffs.servers.passthrough.Ops.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.Test;

/** Cookies are inode numbers and handles are (dev, ino, gen): both outlive the server process. */
class PassthroughHandlesTest extends ServedDirectoryTest {

  final RequestContext ctx = root();

  @Test
  void cookiesAreTheSameAfterARestart() {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    Cookie f = fs.create(ctx, d, create("f"), file(0644)).cookie();
    fs.close();
    fs = new PassthroughFs(host);
    assertEquals(root, fs.rootCookie());
    assertEquals(root, fs.mountSpec().rootCookie());
    assertEquals(d, fs.lookup(ctx, root, lookup("d")).cookie());
    assertEquals(f, fs.lookup(ctx, d, lookup("f")).cookie());
  }

  @Test
  void aCookieNotLookedUpSinceTheRestartIsEstale() {
    Cookie f = fs.create(ctx, root, create("f"), file(0644)).cookie();
    fs.close();
    fs = new PassthroughFs(host);
    assertEquals(Errno.ESTALE, errno(() -> fs.getattr(ctx, f)));
    fs.lookup(ctx, root, lookup("f"));
    assertEquals(VType.VREG, fs.getattr(ctx, f).va().type());
  }

  @Test
  void handlesRoundTrip() {
    Cookie f = fs.create(ctx, root, create("f"), file(0644)).cookie();
    fs.write(ctx, f, 0, 0, Bytes.utf8("abc"));
    FileHandle handle = fs.nodeToFh(ctx, f, 64);
    assertEquals(24, handle.size());
    OpReply.NodeInfo info = fs.fhToNode(ctx, handle);
    assertEquals(f, info.cookie());
    assertEquals(VType.VREG, info.vtype());
    assertEquals(3, info.size());
    assertEquals(root, fs.fhToNode(ctx, fs.nodeToFh(ctx, root, 24)).cookie());
  }

  @Test
  void aHandleBufferTooSmallIsE2big() {
    assertEquals(Errno.E2BIG, errno(() -> fs.nodeToFh(ctx, root, 23)));
  }

  @Test
  void handlesOfRemovedNodesAreEstale() {
    Cookie f = fs.create(ctx, root, create("f"), file(0644)).cookie();
    FileHandle handle = fs.nodeToFh(ctx, f, 24);
    fs.remove(ctx, root, f, delete("f"));
    assertEquals(Errno.ESTALE, errno(() -> fs.fhToNode(ctx, handle)));
  }

  @Test
  void handlesAfterARestartResolveOnceTheNodeIsKnownAgain() {
    Cookie f = fs.create(ctx, root, create("f"), file(0644)).cookie();
    FileHandle handle = fs.nodeToFh(ctx, f, 24);
    fs.close();
    fs = new PassthroughFs(host);
    assertEquals(Errno.ESTALE, errno(() -> fs.fhToNode(ctx, handle)));
    fs.readdir(ctx, root, 0, 4096, 0);
    assertEquals(f, fs.fhToNode(ctx, handle).cookie());
  }

  @Test
  void aReusedInodeNumberIsNotTheOldNode() {
    assumeTrue(FileHandles.generationsInUse(), "the JDK reports no birth times here");
    Cookie old = fs.create(ctx, root, create("old"), file(0644)).cookie();
    FileHandle handle = fs.nodeToFh(ctx, old, 24);
    fs.remove(ctx, root, old, delete("old"));
    // ext4 and tmpfs usually hand a freed inode number out again at once; try a few times.
    Cookie reused = null;
    for (int i = 0; i < 20 && reused == null; i++) {
      Cookie c = fs.create(ctx, root, create("new" + i), file(0644)).cookie();
      if (c.equals(old)) {
        reused = c;
      }
    }
    assumeTrue(reused != null, "the host did not reuse the inode number");
    assertEquals(Errno.ESTALE, errno(() -> fs.fhToNode(ctx, handle)));
  }

  @Test
  void garbageHandlesAreEstale() {
    assertEquals(Errno.ESTALE, errno(() -> fs.fhToNode(ctx, FileHandle.of(new byte[] {1, 2, 3}))));
    byte[] otherDevice = fs.nodeToFh(ctx, root, 24).data().toByteArray();
    otherDevice[0] ^= 0x55;
    assertEquals(Errno.ESTALE, errno(() -> fs.fhToNode(ctx, FileHandle.of(otherDevice))));
  }
}
