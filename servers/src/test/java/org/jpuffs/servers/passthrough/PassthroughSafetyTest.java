package org.jpuffs.servers.passthrough;

import static org.jpuffs.servers.passthrough.Ops.create;
import static org.jpuffs.servers.passthrough.Ops.delete;
import static org.jpuffs.servers.passthrough.Ops.dir;
import static org.jpuffs.servers.passthrough.Ops.errno;
import static org.jpuffs.servers.passthrough.Ops.file;
import static org.jpuffs.servers.passthrough.Ops.lookup;
import static org.jpuffs.servers.passthrough.Ops.rename;
import static org.jpuffs.servers.passthrough.Ops.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way out of the served directory is closed. */
class PassthroughSafetyTest extends ServedDirectoryTest {

  Path outside;
  final RequestContext ctx = root();

  @BeforeEach
  void makeOutside() throws IOException {
    outside = Files.createDirectory(tmp.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("secret"), "do not touch");
  }

  @Test
  void symlinkToEtcIsALinkNotADirectory() throws IOException {
    Path link = Files.createSymbolicLink(host.resolve("etc"), Path.of("/etc"));
    OpReply.NewNode found = fs.lookup(ctx, root, lookup("etc"));
    assertEquals(VType.VLNK, found.vtype());
    assertEquals(cookieOf(link), found.cookie());
    assertNotEquals(cookieOf(Path.of("/etc")), found.cookie());
    Cookie l = found.cookie();
    assertEquals(Errno.ENOTDIR, errno(() -> fs.lookup(ctx, l, lookup("passwd"))));
    assertEquals(Errno.ENOTDIR, errno(() -> fs.readdir(ctx, l, 0, 4096, 0)));
    assertEquals(Errno.ENOTDIR, errno(() -> fs.create(ctx, l, create("planted"), file(0644))));
    assertEquals(Errno.ENOTDIR, errno(() -> fs.mkdir(ctx, l, create("planted"), dir(0755))));
    assertEquals(Errno.EINVAL, errno(() -> fs.read(ctx, l, 0, 100, 0)));
    assertEquals(Errno.EINVAL, errno(() -> fs.write(ctx, l, 0, 0, Bytes.utf8("x"))));
    assertEquals(VType.VLNK, fs.getattr(ctx, l).va().type());
    assertEquals("/etc", fs.readlink(ctx, l, 1024));
    assertFalse(Files.exists(Path.of("/etc/planted")));
  }

  @Test
  void symlinkToAFileOutsideIsNeitherReadNorWritten() throws IOException {
    Files.createSymbolicLink(host.resolve("s"), outside.resolve("secret"));
    Cookie s = fs.lookup(ctx, root, lookup("s")).cookie();
    assertEquals(Errno.EINVAL, errno(() -> fs.read(ctx, s, 0, 100, 0)));
    assertEquals(Errno.EINVAL, errno(() -> fs.write(ctx, s, 0, 0, Bytes.utf8("pwned"))));
    assertEquals(Errno.EOPNOTSUPP, errno(() -> fs.setattr(ctx, s, Vattr.builder().mode(0777).build())));
    assertEquals(Errno.EINVAL, errno(() -> fs.setattr(ctx, s, Vattr.builder().size(0).build())));
    assertEquals("do not touch", Files.readString(outside.resolve("secret")));
  }

  @Test
  void dotDotOfTheRootIsTheRoot() {
    assertEquals(root, fs.lookup(ctx, root, lookup("..")).cookie());
    assertEquals(root, fs.lookup(ctx, root, lookup(".")).cookie());
  }

  @Test
  void dotDotBelowTheRootIsTheParent() {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    Cookie e = fs.mkdir(ctx, d, create("e"), dir(0755)).cookie();
    assertEquals(d, fs.lookup(ctx, e, lookup("..")).cookie());
    assertEquals(root, fs.lookup(ctx, d, lookup("..")).cookie());
  }

  @Test
  void namesWithSlashesAreEinval() {
    assertEquals(Errno.EINVAL, errno(() -> fs.lookup(ctx, root, lookup("a/../../x"))));
    assertEquals(Errno.EINVAL, errno(() -> fs.lookup(ctx, root, lookup("../outside/secret"))));
    assertEquals(Errno.EINVAL, errno(() -> fs.create(ctx, root, create("../escaped"), file(0644))));
    assertEquals(Errno.EINVAL, errno(() -> fs.mkdir(ctx, root, create("a/b"), dir(0755))));
    assertEquals(Errno.EINVAL, errno(() -> fs.symlink(ctx, root, create("../l"), Vattr.NULL, "x")));
    assertFalse(Files.exists(tmp.resolve("escaped")));
  }

  @Test
  void namesWithNulOrEmptyAreEinval() {
    assertEquals(Errno.EINVAL, errno(() -> fs.lookup(ctx, root, lookup("a\0b"))));
    assertEquals(Errno.EINVAL, errno(() -> fs.create(ctx, root, create("x\0/../../y"), file(0644))));
    assertEquals(Errno.EINVAL, errno(() -> fs.lookup(ctx, root, lookup(""))));
    assertEquals(Errno.EINVAL, errno(() -> fs.create(ctx, root, create(""), file(0644))));
  }

  @Test
  void renameCannotMoveAnythingOut() throws IOException {
    Cookie f = fs.create(ctx, root, create("f"), file(0644)).cookie();
    assertEquals(Errno.EINVAL,
        errno(() -> fs.rename(ctx, root, f, rename("f"), root, Cookie.NONE, rename("../outside/f"))));
    assertEquals(Errno.EINVAL, errno(() -> fs.rename(ctx, root, f, rename("f"), root, Cookie.NONE, rename(".."))));
    assertTrue(Files.exists(host.resolve("f")));
    assertFalse(Files.exists(outside.resolve("f")));
  }

  @Test
  void removeCannotReachOutOrRemoveDots() throws IOException {
    assertEquals(Errno.EINVAL, errno(() -> fs.remove(ctx, root, Cookie.NONE, delete("../outside/secret"))));
    assertEquals(Errno.ENOTEMPTY, errno(() -> fs.rmdir(ctx, root, Cookie.NONE, delete(".."))));
    assertEquals(Errno.EINVAL, errno(() -> fs.rmdir(ctx, root, Cookie.NONE, delete("."))));
    assertEquals(Errno.EISDIR, errno(() -> fs.remove(ctx, root, Cookie.NONE, delete(".."))));
    assertTrue(Files.exists(outside.resolve("secret")));
  }

  @Test
  void linkCannotNameADotOrASlash() {
    Cookie f = fs.create(ctx, root, create("f"), file(0644)).cookie();
    assertEquals(Errno.EEXIST, errno(() -> fs.link(ctx, root, f, create(".."))));
    assertEquals(Errno.EINVAL, errno(() -> fs.link(ctx, root, f, create("../outside/f"))));
  }

  @Test
  void directoryReplacedByALinkBehindTheServersBackIsEstale() throws IOException {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    Files.delete(host.resolve("d"));
    Files.createSymbolicLink(host.resolve("d"), outside);
    assertEquals(Errno.ESTALE, errno(() -> fs.lookup(ctx, d, lookup("secret"))));
    assertEquals(Errno.ESTALE, errno(() -> fs.create(ctx, d, create("planted"), file(0644))));
    assertEquals(Errno.ESTALE, errno(() -> fs.readdir(ctx, d, 0, 4096, 0)));
    assertFalse(Files.exists(outside.resolve("planted")));
  }

  @Test
  void directoryOnTheWayReplacedByALinkIsEstaleEvenWhenTheInodeMatches() throws IOException {
    // a/b is known; then a moves outside and a link to it takes its place: a/b is the same inode, reached through
    // a link, and must not be served.
    Cookie a = fs.mkdir(ctx, root, create("a"), dir(0755)).cookie();
    Cookie b = fs.mkdir(ctx, a, create("b"), dir(0755)).cookie();
    Cookie f = fs.create(ctx, b, create("f"), file(0644)).cookie();
    Files.move(host.resolve("a"), outside.resolve("a"));
    Files.createSymbolicLink(host.resolve("a"), outside.resolve("a"));
    assertEquals(Errno.ESTALE, errno(() -> fs.getattr(ctx, b)));
    assertEquals(Errno.ESTALE, errno(() -> fs.create(ctx, b, create("planted"), file(0644))));
    assertEquals(Errno.ESTALE, errno(() -> fs.write(ctx, f, 0, 0, Bytes.utf8("pwned"))));
    assertFalse(Files.exists(outside.resolve("a/b/planted")));
    assertEquals(0, Files.size(outside.resolve("a/b/f")));
  }
}
