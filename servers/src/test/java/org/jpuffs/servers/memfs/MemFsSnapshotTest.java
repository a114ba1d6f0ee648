package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.servers.conformance.ServerClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemFsSnapshotTest {
  private final TestClock clock = new TestClock(Instant.parse("2024-05-01T10:00:00Z"));
  private MemFs fs;
  private ServerClient c;
  private Cookie file;
  private Cookie dir;

  @BeforeEach
  void buildTree() {
    fs = MemFs.builder().clock(clock).fsid(77).build();
    c = new ServerClient(fs, Cred.ROOT);
    dir = c.mkdir(c.root(), "dir", 02750);
    file = c.create(dir, "file", 0640);
    c.write(file, 0, "hello".getBytes());
    c.write(file, 3 << 20, "after a hole".getBytes());
    c.link(c.root(), file, "hardlink");
    c.symlink(dir, "link", "../hardlink");
    c.mknod(dir, "fifo", VType.VFIFO, 0600, 0);
    c.mknod(dir, "tty", VType.VCHR, 0620, 0x0501);
    c.createNode(dir, "sock", VType.VSOCK, 0777);
    Cookie sub = c.mkdir(dir, "sub", 0700);
    c.create(sub, "empty", 0);
    c.setattr(file, Vattr.builder().uid(1000).gid(3000).atime(new Timespec(100, 1)).mtime(new Timespec(200, 2))
        .birthtime(new Timespec(50, 3)).build());
    fs.setextattr(c.ctx(), file, ExtattrNamespace.USER, "color", Bytes.utf8("blue"));
    fs.setextattr(c.ctx(), dir, ExtattrNamespace.SYSTEM, "acl", Bytes.of(new byte[] {1, 2, 3}));
    for (int i = 0; i < 20; i++) {
      c.create(c.root(), "n" + i, 0644);
    }
    for (int i = 0; i < 20; i += 3) {
      c.remove(c.root(), "n" + i);
    }
  }

  private static byte[] snapshot(MemFs fs) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fs.snapshot(out);
    return out.toByteArray();
  }

  /** A memfs on the same clock holding {@code snapshot}; reading files updates atime, so the clocks must agree. */
  private MemFs restored(byte[] snapshot) throws IOException {
    MemFs copy = MemFs.builder().clock(clock).build();
    copy.restore(new ByteArrayInputStream(snapshot));
    return copy;
  }

  /** Everything observable about a tree, as text, so that two trees can be compared in one assertion. */
  private static List<String> describe(MemFs fs) {
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    List<String> out = new ArrayList<>();
    describe(c, "", c.root(), out);
    out.add("statvfs " + fs.statvfs(c.ctx()));
    return out;
  }

  private static void describe(ServerClient c, String path, Cookie node, List<String> out) {
    Vattr va = c.getattr(node);
    StringBuilder sb = new StringBuilder(path.isEmpty() ? "/" : path).append(' ').append(va);
    if (va.type() == VType.VREG) {
      sb.append(" data=").append(Arrays.hashCode(c.readAll(node)));
      sb.append(" user.color=").append(xattr(c, node, ExtattrNamespace.USER, "color"));
    } else if (va.type() == VType.VLNK) {
      sb.append(" -> ").append(c.readlink(node));
    } else if (va.type() == VType.VDIR) {
      sb.append(" system.acl=").append(xattr(c, node, ExtattrNamespace.SYSTEM, "acl"));
    }
    out.add(sb.toString());
    if (va.type() == VType.VDIR) {
      for (DirEntry e : c.readdirAll(node, 4096)) {
        out.add(path + "/ entry " + e);
        if (!e.name().equals(".") && !e.name().equals("..")) {
          describe(c, path + "/" + e.name(), c.lookup(node, e.name()), out);
        }
      }
    }
  }

  private static String xattr(ServerClient c, Cookie node, int ns, String name) {
    try {
      return c.server().getextattr(c.ctx(), node, ns, name, false, 1024).data().toString();
    } catch (PuffsException e) {
      return e.errno().toString();
    }
  }

  @Test
  void roundTripRestoresTheWholeTree() throws IOException {
    MemFs copy = restored(snapshot(fs));
    assertEquals(describe(fs), describe(copy));
  }

  @Test
  void snapshotsAreDeterministic() throws IOException {
    byte[] first = snapshot(fs);
    assertArrayEquals(first, snapshot(restored(first)));
  }

  @Test
  void cookiesHandlesAndReaddirOffsetsSurviveARestore() throws IOException {
    FileHandle fh = fs.nodeToFh(c.ctx(), file, 16);
    OpReply.Entries firstPart = fs.readdir(c.ctx(), c.root(), 0, 4096, 5);
    OpReply.Entries rest = fs.readdir(c.ctx(), c.root(), firstPart.offset(), 4096, 0);
    MemFs copy = restored(snapshot(fs));
    ServerClient cc = new ServerClient(copy, Cred.ROOT);
    assertEquals(c.getattr(file), cc.getattr(file));
    assertEquals(file, copy.fhToNode(cc.ctx(), fh).cookie());
    assertEquals(rest, copy.readdir(cc.ctx(), cc.root(), firstPart.offset(), 4096, 0));
  }

  @Test
  void newNodesAfterARestoreGetInodesNeverUsedBefore() throws IOException {
    long highest = 0;
    for (Cookie k : List.of(file, dir, c.lookup(c.root(), "n19"))) {
      highest = Math.max(highest, k.value());
    }
    MemFs copy = restored(snapshot(fs));
    ServerClient cc = new ServerClient(copy, Cred.ROOT);
    Cookie fresh = cc.create(cc.root(), "fresh", 0644);
    assertTrue(fresh.value() > highest);
  }

  @Test
  void openUnlinkedFilesSurviveARestore() throws IOException {
    Cookie doomed = c.create(c.root(), "doomed", 0644);
    c.write(doomed, 0, "still here".getBytes());
    c.remove(c.root(), "doomed");
    ServerClient cc = new ServerClient(restored(snapshot(fs)), Cred.ROOT);
    assertEquals(0, cc.getattr(doomed).nlink());
    assertArrayEquals("still here".getBytes(), cc.readAll(doomed));
  }

  @Test
  void aCorruptSnapshotIsRefusedAndChangesNothing() throws IOException {
    byte[] bad = snapshot(fs);
    bad[bad.length / 2] ^= 0x40;
    MemFs target = new MemFs();
    ServerClient t = new ServerClient(target, Cred.ROOT);
    t.create(t.root(), "mine", 0644);
    assertThrows(IOException.class, () -> target.restore(new ByteArrayInputStream(bad)));
    assertEquals(List.of("mine"), t.names(t.root()));
  }

  @Test
  void aTruncatedSnapshotIsRefused() throws IOException {
    byte[] whole = snapshot(fs);
    byte[] cut = Arrays.copyOf(whole, whole.length - 9);
    assertThrows(IOException.class, () -> new MemFs().restore(new ByteArrayInputStream(cut)));
  }

  @Test
  void anotherFormatVersionIsRefused() throws IOException {
    byte[] other = snapshot(fs);
    other[5] = 99;
    IOException e = assertThrows(IOException.class, () -> new MemFs().restore(new ByteArrayInputStream(other)));
    assertTrue(e.getMessage().contains("version"), e.getMessage());
  }

  @Test
  void aSnapshotLargerThanTheCapacityFailsEnospc() throws IOException {
    byte[] snap = snapshot(fs);
    MemFs small = MemFs.builder().maxNodes(5).build();
    PuffsException e = assertThrows(PuffsException.class, () -> small.restore(new ByteArrayInputStream(snap)));
    assertEquals(Errno.ENOSPC, e.errno());
  }

  @Test
  void restoreDropsAdvisoryLocks() throws IOException {
    byte[] snap = snapshot(fs);
    Flock w = new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 0, 0, 1);
    fs.advlock(c.ctx(), file, w, 1, VnOp.Advlock.LockOp.SETLK, 0);
    fs.restore(new ByteArrayInputStream(snap));
    fs.advlock(c.ctx(), file, w, 2, VnOp.Advlock.LockOp.SETLK, 0);
  }

  @Test
  void restoreReplacesTheState() throws IOException {
    byte[] snap = snapshot(fs);
    c.create(c.root(), "later", 0644);
    fs.restore(new ByteArrayInputStream(snap));
    assertEquals(Errno.ENOENT, assertThrows(PuffsException.class, () -> c.lookup(c.root(), "later")).errno());
  }
}
