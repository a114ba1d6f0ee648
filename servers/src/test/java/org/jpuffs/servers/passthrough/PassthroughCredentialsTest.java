package org.jpuffs.servers.passthrough;

import static org.jpuffs.servers.passthrough.Ops.ALICE;
import static org.jpuffs.servers.passthrough.Ops.BOB;
import static org.jpuffs.servers.passthrough.Ops.as;
import static org.jpuffs.servers.passthrough.Ops.create;
import static org.jpuffs.servers.passthrough.Ops.delete;
import static org.jpuffs.servers.passthrough.Ops.dir;
import static org.jpuffs.servers.passthrough.Ops.errno;
import static org.jpuffs.servers.passthrough.Ops.file;
import static org.jpuffs.servers.passthrough.Ops.lookup;
import static org.jpuffs.servers.passthrough.Ops.node;
import static org.jpuffs.servers.passthrough.Ops.rename;
import static org.jpuffs.servers.passthrough.Ops.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.Test;

/** The server, usually running as root, enforces the caller's credentials itself. */
class PassthroughCredentialsTest extends ServedDirectoryTest {

  final RequestContext su = root();
  final RequestContext alice = as(ALICE);
  final RequestContext bob = as(BOB);

  static int attr(Path p, String name) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  /** A directory everybody may write to, owned by root. */
  Cookie sharedDir(String name, int mode) {
    Cookie d = fs.mkdir(su, root, create(name), dir(0777)).cookie();
    fs.setattr(su, d, Vattr.builder().mode(mode).build());
    return d;
  }

  @Test
  void aUserCannotCreateInADirectoryHeCannotWrite() {
    fs.setattr(su, root, Vattr.builder().mode(0755).build());
    assertEquals(Errno.EACCES, errno(() -> fs.create(alice, root, create("f"), file(0644))));
    assertEquals(Errno.EACCES, errno(() -> fs.mkdir(alice, root, create("d"), dir(0755))));
    assertEquals(Errno.EACCES, errno(() -> fs.symlink(alice, root, create("l"), Vattr.NULL, "x")));
  }

  @Test
  void existingNamesAreEexistBeforeWritePermissionIsAsked() {
    fs.setattr(su, root, Vattr.builder().mode(0755).build());
    fs.create(su, root, create("f"), file(0644));
    assertEquals(Errno.EEXIST, errno(() -> fs.create(alice, root, create("f"), file(0644))));
  }

  @Test
  void lookupNeedsSearchPermission() {
    Cookie d = sharedDir("private", 0700);
    fs.create(su, d, create("f"), file(0644));
    assertEquals(Errno.EACCES, errno(() -> fs.lookup(alice, d, lookup("f"))));
    assertEquals(Errno.EACCES, errno(() -> fs.create(alice, d, create("g"), file(0644))));
    fs.lookup(su, d, lookup("f"));
  }

  @Test
  void newNodesBelongToTheCaller() throws IOException {
    assumeTrue(ServerProcess.isRoot(), "giving nodes away needs root");
    Cookie d = sharedDir("shared", 0777);
    fs.create(alice, d, create("f"), file(0600));
    fs.mkdir(alice, d, create("sub"), dir(0700));
    fs.symlink(alice, d, create("l"), Vattr.NULL, "f");
    for (String name : new String[] {"f", "sub", "l"}) {
      Path p = host.resolve("shared").resolve(name);
      assertEquals(1000, attr(p, "uid"), name);
      assertEquals(1000, attr(p, "gid"), name);
    }
    assertEquals(0600, attr(host.resolve("shared/f"), "mode") & 07777);
  }

  @Test
  void setGroupIdDirectoriesGiveTheirGroup() throws IOException {
    assumeTrue(ServerProcess.isRoot(), "giving nodes away needs root");
    Cookie d = sharedDir("team", 02777);
    fs.setattr(su, d, Vattr.builder().gid(4242).build());
    fs.create(alice, d, create("f"), file(0644));
    fs.mkdir(alice, d, create("sub"), dir(0755));
    assertEquals(4242, attr(host.resolve("team/f"), "gid"));
    assertEquals(4242, attr(host.resolve("team/sub"), "gid"));
    assertEquals(02755, attr(host.resolve("team/sub"), "mode") & 07777, "subdirectories inherit set-group-id");
  }

  @Test
  void stickyDirectoriesProtectOthersFiles() {
    Cookie t = sharedDir("tmp", 01777);
    Cookie f = fs.create(alice, t, create("alices"), file(0666)).cookie();
    assertEquals(Errno.EPERM, errno(() -> fs.remove(bob, t, f, delete("alices"))));
    assertEquals(Errno.EPERM,
        errno(() -> fs.rename(bob, t, f, rename("alices"), t, Cookie.NONE, rename("bobs"))));
    fs.remove(alice, t, f, delete("alices"));
  }

  @Test
  void removeNeedsWritePermissionOnTheDirectory() {
    Cookie d = sharedDir("ro", 0755);
    Cookie f = fs.create(su, d, create("f"), file(0666)).cookie();
    assertEquals(Errno.EACCES, errno(() -> fs.remove(alice, d, f, delete("f"))));
  }

  @Test
  void onlyTheOwnerChangesTheMode() {
    Cookie d = sharedDir("shared", 0777);
    Cookie f = fs.create(alice, d, create("f"), file(0644)).cookie();
    assertEquals(Errno.EPERM, errno(() -> fs.setattr(bob, f, Vattr.builder().mode(0777).build())));
    assertEquals(0600, fs.setattr(alice, f, Vattr.builder().mode(0600).build()).va().mode());
  }

  @Test
  void aNonMemberLosesSetGroupIdSilently() {
    assumeTrue(ServerProcess.isRoot(), "giving nodes away needs root");
    Cookie d = sharedDir("shared", 0777);
    Cookie f = fs.create(alice, d, create("f"), file(0644)).cookie();
    fs.setattr(su, f, Vattr.builder().gid(4242).build());
    assertEquals(0755, fs.setattr(alice, f, Vattr.builder().mode(02755).build()).va().mode());
  }

  @Test
  void onlyTheSuperuserGivesFilesAway() {
    assumeTrue(ServerProcess.isRoot(), "giving nodes away needs root");
    Cookie d = sharedDir("shared", 0777);
    Cookie f = fs.create(alice, d, create("f"), file(0644)).cookie();
    assertEquals(Errno.EPERM, errno(() -> fs.setattr(alice, f, Vattr.builder().uid(1001).build())));
    assertEquals(Errno.EPERM, errno(() -> fs.setattr(alice, f, Vattr.builder().gid(5).build())));
    RequestContext aliceInGroup5 = as(Cred.user(1000, 1000, 5));
    assertEquals(5, fs.setattr(aliceInGroup5, f, Vattr.builder().gid(5).build()).va().gid());
    assertEquals(1001, fs.setattr(su, f, Vattr.builder().uid(1001).build()).va().uid());
  }

  @Test
  void explicitTimesNeedOwnershipButNowNeedsOnlyWriteAccess() {
    Cookie d = sharedDir("shared", 0777);
    Cookie f = fs.create(alice, d, create("f"), file(0666)).cookie();
    Timespec past = new Timespec(1000, 0);
    assertEquals(Errno.EPERM, errno(() -> fs.setattr(bob, f, Vattr.builder().mtime(past).build())));
    fs.setattr(bob, f, Vattr.builder().mtime(Timespec.NOW).atime(Timespec.NOW).build());
    fs.setattr(alice, f, Vattr.builder().mtime(Timespec.NOW).build());
    fs.setattr(alice, f, Vattr.builder().mode(0644).build());
    assertEquals(Errno.EACCES, errno(() -> fs.setattr(bob, f, Vattr.builder().mtime(Timespec.NOW).build())));
  }

  @Test
  void truncateNeedsWriteAccessOrOwnership() {
    Cookie d = sharedDir("shared", 0777);
    Cookie f = fs.create(alice, d, create("f"), file(0444)).cookie();
    assertEquals(Errno.EACCES, errno(() -> fs.setattr(bob, f, Vattr.builder().size(0).build())));
    fs.setattr(alice, f, Vattr.builder().size(10).build());
  }

  @Test
  void openAndAccessFollowTheModeBits() {
    Cookie f = fs.create(su, root, create("f"), file(0640)).cookie();
    assertEquals(Errno.EACCES, errno(() -> fs.open(alice, f, OpenFlags.FREAD)));
    assertEquals(Errno.EACCES, errno(() -> fs.access(alice, f, AccessMode.VREAD)));
    assertEquals(Errno.EACCES, errno(() -> fs.open(as(Cred.user(1000, 0)), f, OpenFlags.FWRITE)));
    fs.open(as(Cred.user(1000, 0)), f, OpenFlags.FREAD);
    fs.open(su, f, OpenFlags.FREAD | OpenFlags.FWRITE);
    assertEquals(Errno.EACCES, errno(() -> fs.access(su, f, AccessMode.VEXEC)));
  }

  @Test
  void extendedAttributesFollowReadAndWriteAccess() {
    assumeTrue(fs.supportsUserXattrs(), "host file system without user xattrs");
    Cookie f = fs.create(su, root, create("f"), file(0644)).cookie();
    assertEquals(Errno.EACCES,
        errno(() -> fs.setextattr(alice, f, 1, "x", org.jpuffs.api.protocol.Bytes.utf8("y"))));
    fs.setextattr(su, f, 1, "x", org.jpuffs.api.protocol.Bytes.utf8("y"));
    assertEquals("y", fs.getextattr(alice, f, 1, "x", false, 10).data().toUtf8());
  }

  @Test
  void movingADirectoryToAnotherParentNeedsWriteAccessToIt() {
    Cookie a = sharedDir("a", 0777);
    Cookie b = sharedDir("b", 0777);
    Cookie d = fs.mkdir(su, a, create("d"), dir(0755)).cookie();
    assertEquals(Errno.EACCES, errno(() -> fs.rename(alice, a, d, rename("d"), b, Cookie.NONE, rename("d"))));
    fs.rename(alice, a, d, rename("d"), a, Cookie.NONE, rename("e"));
  }

  @Test
  void onlyTheSuperuserMakesDevices() {
    Cookie d = sharedDir("shared", 0777);
    assertEquals(Errno.EPERM, errno(() -> fs.mknod(alice, d, create("dev"), node(VType.VCHR, 0600, 0x103))));
    assertEquals(VType.VFIFO, fs.mknod(alice, d, create("fifo"), node(VType.VFIFO, 0600, 0)).vtype());
  }

  @Test
  void fsCredPassesEverything() {
    fs.setattr(su, root, Vattr.builder().mode(0000).build());
    RequestContext kernel = as(Cred.FSCRED);
    Cookie f = fs.create(kernel, root, create("f"), file(0000)).cookie();
    fs.open(kernel, f, OpenFlags.FREAD | OpenFlags.FWRITE);
    assertTrue(Files.exists(host.resolve("f")));
  }
}
