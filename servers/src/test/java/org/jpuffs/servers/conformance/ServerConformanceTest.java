package org.jpuffs.servers.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.IoFlags;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PathconfName;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The errno matrix of docs/servers.md, one test per rule, against any {@link FileSystemServer}. A server's test
 * extends this class and supplies {@link #newServer}; where a server legitimately cannot do something (a passthrough
 * not running as root cannot act as other users, make devices or chown), it turns the matching {@code supportsX()}
 * hook off and those tests are skipped, not failed.
 *
 * <p>Each test starts from a fresh server whose root holds one directory {@code /t} (mode 0777, owned by root), the
 * place where the callers {@link #ALICE} and {@link #BOB} make their files.
 */
public abstract class ServerConformanceTest {

  /** An ordinary user in groups 1000 and {@link #SHARED_GROUP}. */
  protected static final Cred ALICE = Cred.user(1000, 1000, 3000);
  /** Another ordinary user, group 1001 only. */
  protected static final Cred BOB = Cred.user(1001, 1001);
  /** A supplementary group of ALICE's that BOB is not in. */
  protected static final int SHARED_GROUP = 3000;

  @TempDir
  protected Path scratch;
  protected FileSystemServer server;
  protected ServerClient root;
  protected ServerClient alice;
  protected ServerClient bob;
  /** {@code /t}, mode 0777. */
  protected Cookie top;
  private final List<FileSystemServer> extraServers = new ArrayList<>();

  /** A fresh server for one test; {@code scratch} is an empty directory it may use. */
  protected abstract FileSystemServer newServer(Path scratch);

  /**
   * A fresh server that holds at most {@code maxBytes} of storage and {@code maxNodes} nodes (the root included), or
   * null if it cannot be limited; {@code scratch} is an empty directory of its own.
   */
  protected FileSystemServer newServerWithCapacity(Path scratch, long maxBytes, long maxNodes) {
    return null;
  }

  /** Releases what {@link #newServer} took (host files, threads). */
  protected void closeServer(FileSystemServer server) {}

  /** The server checks permissions against each request's credentials (it can act as ALICE and BOB). */
  protected boolean supportsCredentials() {
    return true;
  }

  /** The server may change owners and groups (the superuser's chown). */
  protected boolean supportsChown() {
    return true;
  }

  /** The server makes character and block devices. */
  protected boolean supportsDeviceNodes() {
    return true;
  }

  /** The server keeps extended attributes. */
  protected boolean supportsXattrs() {
    return true;
  }

  /** The server keeps attributes in the superuser's namespaces (system, trusted, security). */
  protected boolean supportsPrivilegedXattrs() {
    return true;
  }

  /** The server makes and resolves file handles. */
  protected boolean supportsFileHandles() {
    return true;
  }

  /** The server keeps advisory locks. */
  protected boolean supportsAdvisoryLocks() {
    return true;
  }

  /** Reaching LINK_MAX is cheap enough to test (tens of thousands of links), and the server enforces it. */
  protected boolean supportsLinkMax() {
    return true;
  }

  /**
   * A directory's link count stops at LINK_MAX: one more subdirectory is EMLINK (and reaching it, with tens of
   * thousands of directories, is cheap enough).
   */
  protected boolean supportsDirectoryLinkMax() {
    return supportsLinkMax();
  }

  /** A directory's link count is 2 plus its subdirectories (POSIX does not demand it; most file systems do it). */
  protected boolean supportsDirectoryLinkCounts() {
    return true;
  }

  /**
   * A node whose last name is gone stays usable while the engine holds it (an unlinked file that is still open), so
   * ops on it meet the rules for removed nodes (ENOENT) rather than ESTALE.
   */
  protected boolean supportsRemovedNodes() {
    return true;
  }

  /** A cookie is never handed to another node while the engine may still hold it (cookies are not reused). */
  protected boolean supportsUniqueCookies() {
    return true;
  }

  @BeforeEach
  void startServer() {
    server = newServer(scratch);
    root = new ServerClient(server, Cred.ROOT);
    alice = root.as(ALICE);
    bob = root.as(BOB);
    top = root.mkdir(root.root(), "t", 0777);
  }

  @AfterEach
  void stopServer() {
    closeServer(server);
    extraServers.forEach(this::closeServer);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  /** Asserts that {@code op} fails with {@code expected}. */
  protected static void assertErrno(Errno expected, Executable op) {
    PuffsException e = assertThrows(PuffsException.class, op);
    assertEquals(expected, e.errno(), () -> "wrong errno: " + e.getMessage());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void assumeCredentials() {
    assumeTrue(supportsCredentials(), "server cannot act as other users");
  }

  private void assumeRemovedNodes() {
    assumeTrue(supportsRemovedNodes(), "a removed node is gone for the server at once");
  }

  private ServerClient capped(long maxBytes, long maxNodes) {
    Path dir = scratch.resolve("capped");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FileSystemServer s = newServerWithCapacity(dir, maxBytes, maxNodes);
    assumeTrue(s != null, "server has no capacity limits");
    extraServers.add(s);
    return new ServerClient(s, Cred.ROOT);
  }

  private long directoryLinkMax() {
    assumeTrue(supportsDirectoryLinkMax(), "a directory's LINK_MAX is not enforced or too expensive here");
    return linkMax();
  }

  private long linkMax() {
    assumeTrue(supportsLinkMax(), "LINK_MAX too expensive here");
    long max = server.pathconf(root.ctx(), top, PathconfName.LINK_MAX);
    assumeTrue(max <= 70_000, "LINK_MAX " + max + " too large to reach in a test");
    return max;
  }

  private static ComponentName cn(String name) {
    return ComponentName.lookup(name);
  }

  private static Flock lockRange(Flock.LockType type, long start, long len) {
    return new Flock(type, Flock.Whence.SET, start, len, 1);
  }

  private Flock lock(Cookie node, long owner, Flock lock, VnOp.Advlock.LockOp op, int flags) {
    return server.advlock(root.ctx(), node, lock, owner, op, flags);
  }

  /** The node types a create-like op makes. */
  protected enum MakeOp {
    CREATE {
      @Override
      Cookie make(ServerClient c, Cookie dir, String name) {
        return c.create(dir, name, 0644);
      }
    },
    MKNOD_FIFO {
      @Override
      Cookie make(ServerClient c, Cookie dir, String name) {
        return c.mknod(dir, name, VType.VFIFO, 0644, 0);
      }
    },
    MKDIR {
      @Override
      Cookie make(ServerClient c, Cookie dir, String name) {
        return c.mkdir(dir, name, 0755);
      }
    },
    SYMLINK {
      @Override
      Cookie make(ServerClient c, Cookie dir, String name) {
        return c.symlink(dir, name, "target");
      }
    };

    abstract Cookie make(ServerClient c, Cookie dir, String name);
  }

  // ---- any node op --------------------------------------------------------------------------------------------------

  @Test
  void anyOp_unknownCookieFailsEstale() {
    assertErrno(Errno.ESTALE, () -> root.getattr(Cookie.of(0x7fff_0000_1234L)));
  }

  // ---- LOOKUP -------------------------------------------------------------------------------------------------------

  @Test
  void lookup_inNonDirectoryFailsEnotdir() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> root.lookup(f, "x"));
  }

  @Test
  void lookup_withoutSearchPermissionFailsEacces() {
    assumeCredentials();
    Cookie d = alice.mkdir(top, "d", 0700);
    alice.create(d, "x", 0644);
    alice.chmod(d, 0600);
    assertErrno(Errno.EACCES, () -> alice.lookup(d, "x"));
  }

  @Test
  void lookup_nameTooLongFailsEnametoolong() {
    assertErrno(Errno.ENAMETOOLONG, () -> root.lookup(top, "n".repeat(256)));
  }

  @Test
  void lookup_nameWithSlashNulOrEmptyFailsEinval() {
    assertErrno(Errno.EINVAL, () -> root.lookup(top, "a/b"));
    assertErrno(Errno.EINVAL, () -> root.lookup(top, "a\0b"));
    assertErrno(Errno.EINVAL, () -> root.lookup(top, ""));
  }

  @Test
  void lookup_missingNameFailsEnoent() {
    assertErrno(Errno.ENOENT, () -> root.lookup(top, "missing"));
  }

  @Test
  void lookup_dotDotOfRemovedDirectoryFailsEnoent() {
    assumeRemovedNodes();
    Cookie d = root.mkdir(top, "d", 0755);
    root.rmdir(top, "d");
    assertErrno(Errno.ENOENT, () -> root.lookup(d, ".."));
  }

  @Test
  void lookup_nameOf255BytesIsFound() {
    String name = "n".repeat(255);
    Cookie f = root.create(top, name, 0644);
    assertEquals(f, root.lookup(top, name));
  }

  @Test
  void lookup_dotIsTheDirectoryItself() {
    assertEquals(top, root.lookup(top, "."));
  }

  @Test
  void lookup_dotDotIsTheParent() {
    Cookie d = root.mkdir(top, "d", 0755);
    assertEquals(top, root.lookup(d, ".."));
  }

  @Test
  void lookup_dotDotOfRootIsRoot() {
    assertEquals(root.root(), root.lookup(root.root(), ".."));
  }

  @Test
  void lookup_answersTheNodesAttributes() {
    Cookie f = root.create(top, "f", 0640);
    root.write(f, 0, utf8("hello"));
    OpReply.NewNode n = root.lookupNode(top, "f");
    assertEquals(f, n.cookie());
    assertEquals(VType.VREG, n.vtype());
    assertEquals(5, n.size());
    assertEquals(VType.VREG, n.va().type());
    assertEquals(0640, n.va().mode());
    assertEquals(1, n.va().nlink());
  }

  // ---- CREATE, MKNOD, MKDIR, SYMLINK --------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_inNonDirectoryFailsEnotdir(MakeOp op) {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> op.make(root, f, "x"));
  }

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_withoutWritePermissionOnDirectoryFailsEacces(MakeOp op) {
    assumeCredentials();
    Cookie d = alice.mkdir(top, "d", 0555);
    assertErrno(Errno.EACCES, () -> op.make(alice, d, "x"));
  }

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_withoutSearchPermissionOnDirectoryFailsEacces(MakeOp op) {
    assumeCredentials();
    Cookie d = alice.mkdir(top, "d", 0666);
    assertErrno(Errno.EACCES, () -> op.make(alice, d, "x"));
  }

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_existingNameFailsEexist(MakeOp op) {
    root.create(top, "x", 0644);
    assertErrno(Errno.EEXIST, () -> op.make(root, top, "x"));
    assertErrno(Errno.EEXIST, () -> op.make(root, top, "."));
    assertErrno(Errno.EEXIST, () -> op.make(root, top, ".."));
  }

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_nameTooLongFailsEnametoolong(MakeOp op) {
    assertErrno(Errno.ENAMETOOLONG, () -> op.make(root, top, "n".repeat(256)));
  }

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_nameWithSlashNulOrEmptyFailsEinval(MakeOp op) {
    assertErrno(Errno.EINVAL, () -> op.make(root, top, "a/b"));
    assertErrno(Errno.EINVAL, () -> op.make(root, top, "a\0b"));
    assertErrno(Errno.EINVAL, () -> op.make(root, top, ""));
  }

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_inRemovedDirectoryFailsEnoent(MakeOp op) {
    assumeRemovedNodes();
    Cookie d = root.mkdir(top, "d", 0755);
    root.rmdir(top, "d");
    assertErrno(Errno.ENOENT, () -> op.make(root, d, "x"));
  }

  @ParameterizedTest
  @EnumSource(MakeOp.class)
  void makeNode_beyondNodeCapacityFailsEnospc(MakeOp op) {
    ServerClient c = capped(1 << 20, 2);
    op.make(c, c.root(), "first");
    assertErrno(Errno.ENOSPC, () -> op.make(c, c.root(), "second"));
  }

  @ParameterizedTest
  @EnumSource(value = MakeOp.class, names = {"CREATE", "MKNOD_FIFO", "MKDIR"})
  void makeNode_isOwnedByCallerWithRequestedMode(MakeOp op) {
    assumeCredentials();
    Cookie n = op.make(alice, top, "x");
    Vattr va = alice.getattr(n);
    assertEquals(1000, va.uid());
    assertEquals(1000, va.gid());
    assertEquals(op == MakeOp.MKDIR ? 0755 : 0644, va.mode());
  }

  @ParameterizedTest
  @EnumSource(value = MakeOp.class, names = {"CREATE", "MKDIR"})
  void makeNode_inSetgidDirectoryTakesItsGroup(MakeOp op) {
    assumeCredentials();
    assumeTrue(supportsChown());
    Cookie d = alice.mkdir(top, "d", 0777);
    alice.setattr(d, Vattr.builder().gid(SHARED_GROUP).build());
    alice.chmod(d, 02777);
    Cookie n = op.make(bob, d, "x");
    Vattr va = bob.getattr(n);
    assertEquals(SHARED_GROUP, va.gid());
    assertEquals(op == MakeOp.MKDIR, (va.mode() & 02000) != 0, "subdirectories inherit set-group-ID");
  }

  @Test
  void create_ofNonFileTypeFailsEinval() {
    assertErrno(Errno.EINVAL, () -> root.createNode(top, "x", VType.VDIR, 0755));
  }

  @Test
  void create_socketMakesVsock() {
    Cookie s = root.createNode(top, "sock", VType.VSOCK, 0755).cookie();
    assertEquals(VType.VSOCK, root.getattr(s).type());
  }

  @Test
  void mknod_ofOtherTypeFailsEinval() {
    assertErrno(Errno.EINVAL, () -> root.mknod(top, "x", VType.VDIR, 0755, 0));
    assertErrno(Errno.EINVAL, () -> root.mknod(top, "x", VType.VLNK, 0755, 0));
  }

  @Test
  void mknod_deviceByNonSuperuserFailsEperm() {
    assumeCredentials();
    assertErrno(Errno.EPERM, () -> alice.mknod(top, "dev", VType.VCHR, 0600, 0x0103));
    assertErrno(Errno.EPERM, () -> alice.mknod(top, "blk", VType.VBLK, 0600, 0x0800));
  }

  @Test
  void mknod_deviceKeepsItsDeviceNumber() {
    assumeTrue(supportsDeviceNodes());
    Cookie dev = root.mknod(top, "null", VType.VCHR, 0666, 0x0103);
    Vattr va = root.getattr(dev);
    assertEquals(VType.VCHR, va.type());
    assertEquals(0x0103, va.rdev());
  }

  @Test
  void mknod_fifoIsVfifo() {
    Cookie p = root.mknod(top, "pipe", VType.VFIFO, 0600, 0);
    assertEquals(VType.VFIFO, root.getattr(p).type());
  }

  @Test
  void mkdir_parentAtLinkMaxFailsEmlink() {
    long max = directoryLinkMax();
    Cookie d = root.mkdir(top, "d", 0755);
    for (int i = 0; i < max - 2; i++) {
      root.mkdir(d, "s" + i, 0755);
    }
    assertEquals(max, root.getattr(d).nlink());
    assertErrno(Errno.EMLINK, () -> root.mkdir(d, "one-more", 0755));
  }

  @Test
  void mkdir_raisesParentLinkCount() {
    assumeTrue(supportsDirectoryLinkCounts(), "directories do not count their links");
    long before = root.getattr(top).nlink();
    Cookie d = root.mkdir(top, "d", 0755);
    assertEquals(before + 1, root.getattr(top).nlink());
    assertEquals(2, root.getattr(d).nlink());
  }

  @Test
  void symlink_targetTooLongFailsEnametoolong() {
    assertErrno(Errno.ENAMETOOLONG, () -> root.symlink(top, "l", "x".repeat(1024)));
  }

  @Test
  void symlink_emptyTargetFailsEnoent() {
    assertErrno(Errno.ENOENT, () -> root.symlink(top, "l", ""));
  }

  @Test
  void symlink_targetWithNulFailsEinval() {
    assertErrno(Errno.EINVAL, () -> root.symlink(top, "l", "a\0b"));
  }

  @Test
  void symlink_beyondByteCapacityFailsEnospc() {
    ServerClient c = capped(100, 100);
    assertErrno(Errno.ENOSPC, () -> c.symlink(c.root(), "l", "x".repeat(200)));
  }

  @Test
  void symlink_targetIsKeptByteForByte() {
    // symlink(2) stores the string as given: a trailing slash, for one, means "must be a directory"
    for (String target : List.of("a//b/", "dir/", "//abs///path", "./x/../y")) {
      Cookie l = root.symlink(top, "l", target);
      assertEquals(target, root.readlink(l));
      assertEquals(target.length(), root.getattr(l).size());
      root.remove(top, "l");
    }
  }

  @Test
  void symlink_targetOf1023BytesIsKept() {
    String target = "x".repeat(1023);
    Cookie l = root.symlink(top, "l", target);
    assertEquals(target, root.readlink(l));
    assertEquals(VType.VLNK, root.getattr(l).type());
    assertEquals(1023, root.getattr(l).size());
  }

  // ---- REMOVE ------------------------------------------------------------------------------------------------------

  @Test
  void remove_inNonDirectoryFailsEnotdir() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> root.remove(f, "x"));
  }

  @Test
  void remove_withoutWritePermissionFailsEacces() {
    assumeCredentials();
    Cookie d = alice.mkdir(top, "d", 0755);
    alice.create(d, "f", 0644);
    alice.chmod(d, 0555);
    assertErrno(Errno.EACCES, () -> alice.remove(d, "f"));
  }

  @Test
  void remove_withoutSearchPermissionFailsEacces() {
    assumeCredentials();
    Cookie d = alice.mkdir(top, "d", 0755);
    alice.create(d, "f", 0644);
    alice.chmod(d, 0666);
    assertErrno(Errno.EACCES, () -> alice.remove(d, "f"));
  }

  @Test
  void remove_othersFileInStickyDirectoryFailsEperm() {
    assumeCredentials();
    Cookie s = root.mkdir(top, "s", 01777);
    alice.create(s, "f", 0666);
    assertErrno(Errno.EPERM, () -> bob.remove(s, "f"));
  }

  @Test
  void remove_ownFileInStickyDirectorySucceeds() {
    assumeCredentials();
    Cookie s = root.mkdir(top, "s", 01777);
    alice.create(s, "f", 0600);
    alice.remove(s, "f");
    assertErrno(Errno.ENOENT, () -> alice.lookup(s, "f"));
  }

  @Test
  void remove_missingNameFailsEnoent() {
    assertErrno(Errno.ENOENT, () -> root.remove(top, "missing"));
  }

  @Test
  void remove_targetCookieNoLongerNamedFailsEnoent() {
    // the old node keeps another name, so its cookie cannot have gone to the new one
    Cookie moved = root.create(top, "f", 0644);
    root.rename(top, "f", top, "moved");
    root.create(top, "f", 0644);
    assertErrno(Errno.ENOENT, () -> server.remove(root.ctx(), top, moved, ComponentName.of(NameiOp.DELETE, "f")));
    assertTrue(root.names(top).contains("f"), "the other node keeps its name");
    if (supportsUniqueCookies()) {
      Cookie old = root.create(top, "g", 0644);
      root.remove(top, "g");
      root.create(top, "g", 0644);
      assertErrno(Errno.ENOENT, () -> server.remove(root.ctx(), top, old, ComponentName.of(NameiOp.DELETE, "g")));
    }
  }

  @Test
  void remove_directoryFailsEisdir() {
    Cookie d = root.mkdir(top, "d", 0755);
    assertErrno(Errno.EISDIR, () -> root.remove(top, "d"));
    assertErrno(Errno.EISDIR, () -> root.remove(d, "."));
    assertErrno(Errno.EISDIR, () -> root.remove(d, ".."));
  }

  @Test
  void remove_removedFileStaysUsableWhileReferenced() {
    assumeRemovedNodes();
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("still here"));
    root.remove(top, "f");
    root.write(f, 10, utf8("!"));
    assertArrayEquals(utf8("still here!"), root.readAll(f));
    assertEquals(0, root.getattr(f).nlink());
  }

  @Test
  void remove_nameTooLongFailsEnametoolong() {
    assertErrno(Errno.ENAMETOOLONG, () -> root.remove(top, "n".repeat(256)));
  }

  @Test
  void remove_nameWithSlashNulOrEmptyFailsEinval() {
    assertErrno(Errno.EINVAL, () -> root.remove(top, "a/b"));
    assertErrno(Errno.EINVAL, () -> root.remove(top, "a\0b"));
    assertErrno(Errno.EINVAL, () -> root.remove(top, ""));
  }

  @Test
  void remove_dropsOneLink() {
    Cookie f = root.create(top, "f", 0644);
    root.link(top, f, "g");
    root.remove(top, "f");
    assertEquals(1, root.getattr(f).nlink());
    assertEquals(List.of("g"), root.names(top));
  }

  // ---- RMDIR -------------------------------------------------------------------------------------------------------

  @Test
  void rmdir_inNonDirectoryFailsEnotdir() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> root.rmdir(f, "x"));
  }

  @Test
  void rmdir_ofNonDirectoryFailsEnotdir() {
    root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> root.rmdir(top, "f"));
  }

  @Test
  void rmdir_dotFailsEinval() {
    Cookie d = root.mkdir(top, "d", 0755);
    assertErrno(Errno.EINVAL, () -> root.rmdir(d, "."));
  }

  @Test
  void rmdir_dotDotFailsEnotempty() {
    Cookie d = root.mkdir(top, "d", 0755);
    assertErrno(Errno.ENOTEMPTY, () -> root.rmdir(d, ".."));
  }

  @Test
  void rmdir_nonEmptyDirectoryFailsEnotempty() {
    Cookie d = root.mkdir(top, "d", 0755);
    root.create(d, "f", 0644);
    assertErrno(Errno.ENOTEMPTY, () -> root.rmdir(top, "d"));
  }

  @Test
  void rmdir_withoutWritePermissionFailsEacces() {
    assumeCredentials();
    Cookie d = alice.mkdir(top, "d", 0755);
    alice.mkdir(d, "e", 0755);
    alice.chmod(d, 0555);
    assertErrno(Errno.EACCES, () -> alice.rmdir(d, "e"));
  }

  @Test
  void rmdir_othersDirectoryInStickyDirectoryFailsEperm() {
    assumeCredentials();
    Cookie s = root.mkdir(top, "s", 01777);
    alice.mkdir(s, "e", 0777);
    assertErrno(Errno.EPERM, () -> bob.rmdir(s, "e"));
  }

  @Test
  void rmdir_missingNameFailsEnoent() {
    assertErrno(Errno.ENOENT, () -> root.rmdir(top, "missing"));
  }

  @Test
  void rmdir_nameTooLongFailsEnametoolong() {
    assertErrno(Errno.ENAMETOOLONG, () -> root.rmdir(top, "n".repeat(256)));
  }

  @Test
  void rmdir_nameWithSlashNulOrEmptyFailsEinval() {
    assertErrno(Errno.EINVAL, () -> root.rmdir(top, "a/b"));
    assertErrno(Errno.EINVAL, () -> root.rmdir(top, "a\0b"));
    assertErrno(Errno.EINVAL, () -> root.rmdir(top, ""));
  }

  @Test
  void rmdir_lowersParentLinkCount() {
    long before = root.getattr(top).nlink();
    root.mkdir(top, "d", 0755);
    root.rmdir(top, "d");
    if (supportsDirectoryLinkCounts()) {
      assertEquals(before, root.getattr(top).nlink());
    }
    assertEquals(List.of(), root.names(top));
  }

  // ---- LINK --------------------------------------------------------------------------------------------------------

  @Test
  void link_inNonDirectoryFailsEnotdir() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> root.link(f, f, "x"));
  }

  @Test
  void link_toDirectoryFailsEperm() {
    Cookie d = root.mkdir(top, "d", 0755);
    assertErrno(Errno.EPERM, () -> root.link(top, d, "x"));
  }

  @Test
  void link_withoutWritePermissionFailsEacces() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0644);
    Cookie d = alice.mkdir(top, "d", 0555);
    assertErrno(Errno.EACCES, () -> alice.link(d, f, "x"));
  }

  @Test
  void link_existingNameFailsEexist() {
    Cookie f = root.create(top, "f", 0644);
    root.create(top, "g", 0644);
    assertErrno(Errno.EEXIST, () -> root.link(top, f, "g"));
    assertErrno(Errno.EEXIST, () -> root.link(top, f, "."));
  }

  @Test
  void link_atLinkMaxFailsEmlink() {
    long max = linkMax();
    Cookie d = root.mkdir(top, "d", 0755);
    Cookie f = root.create(d, "f", 0644);
    for (int i = 1; i < max; i++) {
      root.link(d, f, "l" + i);
    }
    assertEquals(max, root.getattr(f).nlink());
    assertErrno(Errno.EMLINK, () -> root.link(d, f, "one-more"));
  }

  @Test
  void link_toRemovedFileFailsEnoent() {
    assumeRemovedNodes();
    Cookie f = root.create(top, "f", 0644);
    root.remove(top, "f");
    assertErrno(Errno.ENOENT, () -> root.link(top, f, "g"));
  }

  @Test
  void link_nameTooLongFailsEnametoolong() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENAMETOOLONG, () -> root.link(top, f, "n".repeat(256)));
  }

  @Test
  void link_nameWithSlashNulOrEmptyFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> root.link(top, f, "a/b"));
    assertErrno(Errno.EINVAL, () -> root.link(top, f, "a\0b"));
    assertErrno(Errno.EINVAL, () -> root.link(top, f, ""));
  }

  @Test
  void link_intoRemovedDirectoryFailsEnoent() {
    assumeRemovedNodes();
    Cookie f = root.create(top, "f", 0644);
    Cookie d = root.mkdir(top, "d", 0755);
    root.rmdir(top, "d");
    assertErrno(Errno.ENOENT, () -> root.link(d, f, "g"));
  }

  @Test
  void link_sharesDataAndRaisesLinkCount() {
    Cookie f = root.create(top, "f", 0644);
    root.link(top, f, "g");
    assertEquals(f, root.lookup(top, "g"));
    root.write(root.lookup(top, "g"), 0, utf8("shared"));
    assertArrayEquals(utf8("shared"), root.readAll(f));
    assertEquals(2, root.getattr(f).nlink());
  }

  // ---- RENAME ------------------------------------------------------------------------------------------------------

  @Test
  void rename_inNonDirectoryFailsEnotdir() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> root.rename(f, "x", top, "y"));
    assertErrno(Errno.ENOTDIR, () -> root.rename(top, "f", f, "y"));
  }

  @Test
  void rename_directoryOverNonDirectoryFailsEnotdir() {
    root.mkdir(top, "d", 0755);
    root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> root.rename(top, "d", top, "f"));
  }

  @Test
  void rename_nonDirectoryOverDirectoryFailsEisdir() {
    root.mkdir(top, "d", 0755);
    root.create(top, "f", 0644);
    assertErrno(Errno.EISDIR, () -> root.rename(top, "f", top, "d"));
  }

  @Test
  void rename_directoryOverNonEmptyDirectoryFailsEnotempty() {
    root.mkdir(top, "a", 0755);
    Cookie b = root.mkdir(top, "b", 0755);
    root.create(b, "f", 0644);
    assertErrno(Errno.ENOTEMPTY, () -> root.rename(top, "a", top, "b"));
  }

  @Test
  void rename_directoryIntoItsOwnSubtreeFailsEinval() {
    Cookie a = root.mkdir(top, "a", 0755);
    Cookie b = root.mkdir(a, "b", 0755);
    assertErrno(Errno.EINVAL, () -> root.rename(top, "a", b, "a"));
    assertErrno(Errno.EINVAL, () -> root.rename(top, "a", a, "a"));
  }

  @Test
  void rename_dotOrDotDotFailsEinval() {
    Cookie d = root.mkdir(top, "d", 0755);
    assertErrno(Errno.EINVAL, () -> root.rename(d, ".", top, "x"));
    assertErrno(Errno.EINVAL, () -> root.rename(d, "..", top, "x"));
    root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> root.rename(top, "f", d, "."));
    assertErrno(Errno.EINVAL, () -> root.rename(top, "f", d, ".."));
  }

  @Test
  void rename_missingSourceFailsEnoent() {
    assertErrno(Errno.ENOENT, () -> root.rename(top, "missing", top, "x"));
  }

  @Test
  void rename_sourceCookieNoLongerNamedFailsEnoent() {
    // the old node keeps another name, so its cookie cannot have gone to the new one
    Cookie moved = root.create(top, "f", 0644);
    root.rename(top, "f", top, "moved");
    root.create(top, "f", 0644);
    assertErrno(Errno.ENOENT, () -> server.rename(root.ctx(), top, moved, ComponentName.of(NameiOp.RENAME, "f"), top,
        Cookie.NONE, ComponentName.of(NameiOp.RENAME, "g")));
    if (supportsUniqueCookies()) {
      Cookie old = root.create(top, "h", 0644);
      root.remove(top, "h");
      root.create(top, "h", 0644);
      assertErrno(Errno.ENOENT, () -> server.rename(root.ctx(), top, old, ComponentName.of(NameiOp.RENAME, "h"), top,
          Cookie.NONE, ComponentName.of(NameiOp.RENAME, "g")));
    }
  }

  @Test
  void rename_withoutWritePermissionOnSourceDirectoryFailsEacces() {
    assumeCredentials();
    Cookie a = alice.mkdir(top, "a", 0755);
    alice.create(a, "f", 0644);
    alice.chmod(a, 0555);
    assertErrno(Errno.EACCES, () -> alice.rename(a, "f", top, "f"));
  }

  @Test
  void rename_withoutWritePermissionOnTargetDirectoryFailsEacces() {
    assumeCredentials();
    alice.create(top, "f", 0644);
    Cookie b = alice.mkdir(top, "b", 0555);
    assertErrno(Errno.EACCES, () -> alice.rename(top, "f", b, "f"));
  }

  @Test
  void rename_directoryToOtherParentWithoutWritePermissionOnItFailsEacces() {
    assumeCredentials();
    Cookie a = alice.mkdir(top, "a", 0777);
    Cookie b = alice.mkdir(top, "b", 0777);
    root.mkdir(a, "d", 0555);
    assertErrno(Errno.EACCES, () -> alice.rename(a, "d", b, "d"));
    alice.rename(a, "d", a, "e");
  }

  @Test
  void rename_othersFileOutOfStickyDirectoryFailsEperm() {
    assumeCredentials();
    Cookie s = root.mkdir(top, "s", 01777);
    alice.create(s, "f", 0666);
    assertErrno(Errno.EPERM, () -> bob.rename(s, "f", top, "g"));
  }

  @Test
  void rename_overOthersFileInStickyDirectoryFailsEperm() {
    assumeCredentials();
    Cookie s = root.mkdir(top, "s", 01777);
    bob.create(s, "x", 0666);
    alice.create(s, "y", 0666);
    assertErrno(Errno.EPERM, () -> alice.rename(s, "y", s, "x"));
  }

  @Test
  void rename_directoryIntoParentAtLinkMaxFailsEmlink() {
    long max = directoryLinkMax();
    Cookie full = root.mkdir(top, "full", 0755);
    for (int i = 0; i < max - 2; i++) {
      root.mkdir(full, "s" + i, 0755);
    }
    root.mkdir(top, "d", 0755);
    assertErrno(Errno.EMLINK, () -> root.rename(top, "d", full, "d"));
  }

  @Test
  void rename_nameTooLongFailsEnametoolong() {
    root.create(top, "f", 0644);
    assertErrno(Errno.ENAMETOOLONG, () -> root.rename(top, "f", top, "n".repeat(256)));
  }

  @Test
  void rename_nameWithSlashNulOrEmptyFailsEinval() {
    root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> root.rename(top, "f", top, "a/b"));
    assertErrno(Errno.EINVAL, () -> root.rename(top, "f", top, "a\0b"));
    assertErrno(Errno.EINVAL, () -> root.rename(top, "", top, "g"));
  }

  @Test
  void rename_intoRemovedDirectoryFailsEnoent() {
    assumeRemovedNodes();
    root.create(top, "f", 0644);
    Cookie d = root.mkdir(top, "d", 0755);
    root.rmdir(top, "d");
    assertErrno(Errno.ENOENT, () -> root.rename(top, "f", d, "f"));
  }

  @Test
  void rename_ontoAnotherNameOfTheSameFileDoesNothing() {
    Cookie f = root.create(top, "f", 0644);
    root.link(top, f, "g");
    root.rename(top, "f", top, "g");
    assertEquals(List.of("f", "g"), sorted(root.names(top)));
    assertEquals(2, root.getattr(f).nlink());
  }

  @Test
  void rename_fileReplacesFile() {
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("new"));
    Cookie g = root.create(top, "g", 0644);
    root.link(top, g, "g2");
    root.rename(top, "f", top, "g");
    assertEquals(f, root.lookup(top, "g"));
    assertArrayEquals(utf8("new"), root.readAll(root.lookup(top, "g")));
    assertEquals(1, root.getattr(g).nlink());
    assertEquals(List.of("g", "g2"), sorted(root.names(top)));
  }

  @Test
  void rename_directoryReplacesEmptyDirectory() {
    Cookie a = root.mkdir(top, "a", 0755);
    root.mkdir(top, "b", 0755);
    long before = root.getattr(top).nlink();
    root.rename(top, "a", top, "b");
    assertEquals(a, root.lookup(top, "b"));
    if (supportsDirectoryLinkCounts()) {
      assertEquals(before - 1, root.getattr(top).nlink());
    }
    assertEquals(List.of("b"), root.names(top));
  }

  @Test
  void rename_directoryToOtherParentMovesLinkCountAndDotDot() {
    Cookie a = root.mkdir(top, "a", 0755);
    Cookie b = root.mkdir(top, "b", 0755);
    Cookie d = root.mkdir(a, "d", 0755);
    root.rename(a, "d", b, "d");
    if (supportsDirectoryLinkCounts()) {
      assertEquals(2, root.getattr(a).nlink());
      assertEquals(3, root.getattr(b).nlink());
    }
    assertEquals(b, root.lookup(d, ".."));
  }

  // ---- GETATTR -----------------------------------------------------------------------------------------------------

  @Test
  void getattr_reportsTypeModeLinksAndSize() {
    Cookie f = root.create(top, "f", 0604);
    root.write(f, 0, new byte[1000]);
    Vattr va = root.getattr(f);
    assertEquals(VType.VREG, va.type());
    assertEquals(0604, va.mode());
    assertEquals(1, va.nlink());
    assertEquals(1000, va.size());
    Vattr dir = root.getattr(top);
    assertEquals(VType.VDIR, dir.type());
    if (supportsDirectoryLinkCounts()) {
      assertEquals(2, dir.nlink());
    }
  }

  // ---- SETATTR -----------------------------------------------------------------------------------------------------

  @Test
  void setattr_chmodByNonOwnerFailsEperm() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0666);
    assertErrno(Errno.EPERM, () -> bob.chmod(f, 0777));
  }

  @Test
  void setattr_chownToOtherUserByNonSuperuserFailsEperm() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0644);
    assertErrno(Errno.EPERM, () -> alice.setattr(f, Vattr.builder().uid(1001).build()));
  }

  @Test
  void setattr_chgrpToGroupNotHeldFailsEperm() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0644);
    assertErrno(Errno.EPERM, () -> alice.setattr(f, Vattr.builder().gid(1001).build()));
  }

  @Test
  void setattr_chgrpByNonOwnerFailsEperm() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0666);
    assertErrno(Errno.EPERM, () -> bob.setattr(f, Vattr.builder().gid(1001).build()));
  }

  @Test
  void setattr_chownBySuperuserSucceeds() {
    assumeTrue(supportsChown());
    Cookie f = root.create(top, "f", 0644);
    Vattr va = root.setattr(f, Vattr.builder().uid(1234).gid(5678).build());
    assertEquals(1234, va.uid());
    assertEquals(5678, va.gid());
  }

  @Test
  void setattr_chgrpByOwnerToOwnGroupClearsSetuid() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 04755);
    Vattr va = alice.setattr(f, Vattr.builder().gid(SHARED_GROUP).build());
    assertEquals(SHARED_GROUP, va.gid());
    assertEquals(0755, va.mode());
  }

  @Test
  void setattr_setgidBitOfNonMemberIsCleared() {
    assumeCredentials();
    assumeTrue(supportsChown());
    Cookie f = alice.create(top, "f", 0644);
    root.setattr(f, Vattr.builder().gid(4000).build());
    assertEquals(0755, alice.chmod(f, 02755).mode());
  }

  @Test
  void setattr_explicitTimesByNonOwnerFailEperm() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0666);
    assertErrno(Errno.EPERM, () -> bob.setattr(f, Vattr.builder().mtime(new Timespec(1000, 0)).build()));
  }

  @Test
  void setattr_timesToNowWithoutWritePermissionFailEacces() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0644);
    assertErrno(Errno.EACCES, () -> bob.setattr(f, Vattr.builder().atime(Timespec.NOW).mtime(Timespec.NOW).build()));
  }

  @Test
  void setattr_timesToNowWithWritePermissionSucceed() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0666);
    alice.setattr(f, Vattr.builder().mtime(new Timespec(1000, 0)).build());
    Vattr va = bob.setattr(f, Vattr.builder().atime(Timespec.NOW).mtime(Timespec.NOW).build());
    assertTrue(va.mtime().sec() > 1000);
  }

  @Test
  void setattr_readOnlyAttributeFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> root.setattr(f, Vattr.builder().nlink(5).build()));
    assertErrno(Errno.EINVAL, () -> root.setattr(f, Vattr.builder().fileid(5).build()));
    assertErrno(Errno.EINVAL, () -> root.setattr(f, Vattr.builder().type(VType.VDIR).build()));
  }

  @Test
  void setattr_negativeSizeFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    // -1 is VNOVAL, "size not set", so the smallest size a caller can ask for wrongly is -2
    assertErrno(Errno.EINVAL, () -> root.truncate(f, -2));
  }

  @Test
  void setattr_sizeOfNonRegularFileFailsEinval() {
    Cookie l = root.symlink(top, "l", "target");
    assertErrno(Errno.EINVAL, () -> root.truncate(l, 0));
  }

  @Test
  void setattr_sizeOfDirectoryFailsEisdir() {
    assertErrno(Errno.EISDIR, () -> root.truncate(top, 0));
  }

  @Test
  void setattr_fileFlagsFailEopnotsupp() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EOPNOTSUPP, () -> root.setattr(f, Vattr.builder().flags(1).build()));
  }

  @Test
  void setattr_refusedChangeChangesNothing() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0644);
    assertErrno(Errno.EPERM, () -> alice.setattr(f, Vattr.builder().mode(0600).uid(0).build()));
    assertEquals(0644, alice.getattr(f).mode());
  }

  @Test
  void setattr_truncateShrinksAndExtendsWithZeros() {
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("abcdef"));
    root.truncate(f, 3);
    root.truncate(f, 6);
    assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0, 0}, root.readAll(f));
  }

  @Test
  void setattr_omitKeepsATimeAndNowSetsIt() {
    Cookie f = root.create(top, "f", 0644);
    root.setattr(f, Vattr.builder().atime(new Timespec(1000, 5)).mtime(new Timespec(2000, 6)).build());
    Vattr va = root.setattr(f, Vattr.builder().atime(Timespec.OMIT).mtime(Timespec.NOW).build());
    assertEquals(new Timespec(1000, 5), va.atime());
    assertTrue(va.mtime().sec() > 2000);
  }

  @Test
  void setattr_chmodChangesModeAndKeepsType() {
    Cookie f = root.create(top, "f", 0644);
    Vattr va = root.chmod(f, 0750);
    assertEquals(0750, va.mode());
    assertEquals(VType.VREG, va.type());
  }

  // ---- READ, WRITE --------------------------------------------------------------------------------------------------

  @Test
  void read_directoryFailsEisdir() {
    assertErrno(Errno.EISDIR, () -> root.read(top, 0, 10));
  }

  @Test
  void read_nonRegularFileFailsEinval() {
    Cookie l = root.symlink(top, "l", "target");
    assertErrno(Errno.EINVAL, () -> root.read(l, 0, 10));
  }

  @Test
  void read_negativeOffsetFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> root.read(f, -1, 10));
  }

  @Test
  void read_atOrBeyondEndReturnsNothing() {
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("abc"));
    assertEquals(0, root.read(f, 3, 10).length);
    assertEquals(0, root.read(f, 100, 10).length);
    assertArrayEquals(utf8("bc"), root.read(f, 1, 10));
  }

  @Test
  void read_holeReadsAsZeros() {
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 100_000, utf8("x"));
    byte[] all = root.readAll(f);
    assertEquals(100_001, all.length);
    for (int i = 0; i < 100_000; i++) {
      assertEquals(0, all[i]);
    }
    assertEquals('x', all[100_000]);
  }

  @Test
  void write_directoryFailsEisdir() {
    assertErrno(Errno.EISDIR, () -> root.write(top, 0, utf8("x")));
  }

  @Test
  void write_nonRegularFileFailsEinval() {
    Cookie l = root.symlink(top, "l", "target");
    assertErrno(Errno.EINVAL, () -> root.write(l, 0, utf8("x")));
  }

  @Test
  void write_negativeOffsetFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> root.write(f, -1, utf8("x")));
  }

  @Test
  void write_beyondMaximumFileSizeFailsEfbig() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EFBIG, () -> root.write(f, Long.MAX_VALUE - 4, utf8("0123456789")));
  }

  @Test
  void write_beyondByteCapacityFailsEnospc() {
    ServerClient c = capped(64 * 1024, 100);
    Cookie f = c.create(c.root(), "f", 0644);
    assertErrno(Errno.ENOSPC, () -> c.write(f, 0, new byte[128 * 1024]));
    assertEquals(0, c.getattr(f).size(), "a refused write changes nothing");
  }

  @Test
  void write_appendWritesAtTheEnd() {
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("abc"));
    server.write(root.ctx(), f, 0, IoFlags.IO_APPEND, Bytes.utf8("def"));
    assertArrayEquals(utf8("abcdef"), root.readAll(f));
  }

  @Test
  void write_byNonOwnerClearsSetuid() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 04777);
    bob.write(f, 0, utf8("x"));
    assertEquals(0777, alice.getattr(f).mode());
  }

  @Test
  void write_updatesSizeAndMtime() {
    Cookie f = root.create(top, "f", 0644);
    root.setattr(f, Vattr.builder().mtime(new Timespec(1000, 0)).build());
    root.write(f, 10, utf8("abc"));
    Vattr va = root.getattr(f);
    assertEquals(13, va.size());
    assertTrue(va.mtime().sec() > 1000);
  }

  // ---- READDIR -----------------------------------------------------------------------------------------------------

  @Test
  void readdir_nonDirectoryFailsEnotdir() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.ENOTDIR, () -> server.readdir(root.ctx(), f, 0, 4096, 0));
  }

  @Test
  void readdir_negativeOffsetFailsEinval() {
    assertErrno(Errno.EINVAL, () -> server.readdir(root.ctx(), top, -1, 4096, 0));
  }

  @Test
  void readdir_bufferTooSmallForNextEntryFailsEinval() {
    assertErrno(Errno.EINVAL, () -> server.readdir(root.ctx(), top, 0, 8, 0));
  }

  @Test
  void readdir_listsDotDotDotThenEveryEntryOnce() {
    Cookie f = root.create(top, "f", 0644);
    Cookie d = root.mkdir(top, "d", 0755);
    root.symlink(top, "l", "f");
    List<DirEntry> all = root.readdirAll(top, 4096);
    assertEquals(".", all.get(0).name());
    assertEquals("..", all.get(1).name());
    assertEquals(List.of("d", "f", "l"), sorted(names(all.subList(2, all.size()))));
    for (DirEntry e : all) {
      if (e.name().equals("f")) {
        assertEquals(VType.VREG, e.type());
        assertEquals(root.getattr(f).fileid(), e.fileno());
      }
      if (e.name().equals("d")) {
        assertEquals(VType.VDIR, e.type());
        assertEquals(root.getattr(d).fileid(), e.fileno());
      }
    }
  }

  @Test
  void readdir_smallBuffersResumeAtTheOffsetWithoutLossOrRepeat() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      root.create(top, "file-" + i, 0644);
      made.add("file-" + i);
    }
    List<DirEntry> all = root.readdirAll(top, 64);
    assertEquals(sorted(made), sorted(names(all.subList(2, all.size()))));
  }

  @Test
  void readdir_fillsAtMostResidAndReportsTheRest() {
    root.create(top, "f", 0644);
    OpReply.Entries r = server.readdir(root.ctx(), top, 0, 4096, 0);
    long used = 0;
    for (DirEntry e : r.entries()) {
      used += e.recordLength();
    }
    assertEquals(4096 - used, r.resid());
    assertTrue(r.eof());
  }

  @Test
  void readdir_ncookiesLimitsEntriesAndGivesOneCookieEach() {
    for (int i = 0; i < 5; i++) {
      root.create(top, "f" + i, 0644);
    }
    OpReply.Entries r = server.readdir(root.ctx(), top, 0, 4096, 3);
    assertEquals(3, r.entries().size());
    assertEquals(3, r.cookies().size());
    assertFalse(r.eof());
    OpReply.Entries rest = server.readdir(root.ctx(), top, r.cookies().get(2), 4096, 100);
    assertEquals(4, rest.entries().size());
    assertTrue(rest.eof());
  }

  // ---- READLINK ----------------------------------------------------------------------------------------------------

  @Test
  void readlink_nonSymlinkFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> root.readlink(f));
  }

  @Test
  void readlink_shortBufferTruncates() {
    Cookie l = root.symlink(top, "l", "abcdef");
    assertEquals("abc", server.readlink(root.ctx(), l, 3));
  }

  // ---- ACCESS, OPEN ------------------------------------------------------------------------------------------------

  @Test
  void access_withoutPermissionFailsEacces() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0600);
    assertErrno(Errno.EACCES, () -> server.access(bob.ctx(), f, AccessMode.VREAD));
    assertErrno(Errno.EACCES, () -> server.access(bob.ctx(), f, AccessMode.VWRITE));
    assertErrno(Errno.EACCES, () -> server.access(alice.ctx(), f, AccessMode.VEXEC));
  }

  @Test
  void access_ownerGroupAndOtherBitsApplyInThatOrder() {
    assumeCredentials();
    assumeTrue(supportsChown());
    Cookie f = alice.create(top, "f", 0);
    alice.setattr(f, Vattr.builder().gid(SHARED_GROUP).build());
    alice.chmod(f, 0046);
    // the owner gets the owner bits (none) even though group and other would allow
    assertErrno(Errno.EACCES, () -> server.access(alice.ctx(), f, AccessMode.VREAD));
    server.access(bob.ctx(), f, AccessMode.VREAD | AccessMode.VWRITE);
    Cred member = Cred.user(1002, 1002, SHARED_GROUP);
    server.access(RequestContext.of(member), f, AccessMode.VREAD);
    assertErrno(Errno.EACCES, () -> server.access(RequestContext.of(member), f,
        AccessMode.VWRITE));
  }

  @Test
  void access_superuserExecutingFileWithoutExecuteBitFailsEacces() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EACCES, () -> server.access(root.ctx(), f, AccessMode.VEXEC));
    root.chmod(f, 0001);
    server.access(root.ctx(), f, AccessMode.VEXEC);
  }

  @Test
  void access_superuserBypassesReadAndWriteBits() {
    Cookie f = root.create(top, "f", 0);
    server.access(root.ctx(), f, AccessMode.VREAD | AccessMode.VWRITE);
    Cookie d = root.mkdir(top, "d", 0);
    server.access(root.ctx(), d, AccessMode.VEXEC);
  }

  @Test
  void open_directoryForWritingFailsEisdir() {
    assertErrno(Errno.EISDIR, () -> server.open(root.ctx(), top, OpenFlags.FWRITE));
    server.open(root.ctx(), top, OpenFlags.FREAD);
  }

  @Test
  void open_withoutPermissionFailsEacces() {
    assumeCredentials();
    Cookie f = alice.create(top, "f", 0640);
    assertErrno(Errno.EACCES, () -> server.open(bob.ctx(), f, OpenFlags.FREAD));
    alice.chmod(f, 0440);
    assertErrno(Errno.EACCES, () -> server.open(alice.ctx(), f, OpenFlags.FWRITE));
  }

  // ---- PATHCONF, SEEK, STATVFS, EXTATTRCTL --------------------------------------------------------------------------

  @Test
  void pathconf_unknownNameFailsEinval() {
    assertErrno(Errno.EINVAL, () -> server.pathconf(root.ctx(), top, 9999));
  }

  @Test
  void pathconf_reportsPosixLimits() {
    assertEquals(255, server.pathconf(root.ctx(), top, PathconfName.NAME_MAX));
    assertTrue(server.pathconf(root.ctx(), top, PathconfName.PATH_MAX) >= 1024);
    assertTrue(server.pathconf(root.ctx(), top, PathconfName.LINK_MAX) >= 8);
    assertEquals(1, server.pathconf(root.ctx(), top, PathconfName.CHOWN_RESTRICTED));
    assertEquals(1, server.pathconf(root.ctx(), top, PathconfName.NO_TRUNC));
    assertEquals(64, server.pathconf(root.ctx(), top, PathconfName.FILESIZEBITS));
    assertTrue(server.pathconf(root.ctx(), top, PathconfName.PIPE_BUF) >= 512);
    assertTrue(server.pathconf(root.ctx(), top, PathconfName.SYMLINK_MAX) >= 255);
  }

  @Test
  void seek_negativeOffsetFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> server.seek(root.ctx(), f, 0, -1));
  }

  @Test
  void statvfs_reportsNameMaxAndBlockSize() {
    var s = server.statvfs(root.ctx());
    assertEquals(255, s.namemax());
    assertTrue(s.bsize() > 0);
    assertTrue(s.blocks() >= s.bfree());
    assertTrue(s.files() >= s.ffree());
  }

  @Test
  void extattrctl_failsEopnotsupp() {
    assertErrno(Errno.EOPNOTSUPP, () -> server.extattrctl(root.ctx(), top, 1, ExtattrNamespace.USER, 0, "x"));
  }

  // ---- ADVLOCK -----------------------------------------------------------------------------------------------------

  private Cookie lockedFile() {
    assumeTrue(supportsAdvisoryLocks());
    return root.create(top, "locked", 0644);
  }

  @Test
  void advlock_conflictingLockFailsEagain() {
    Cookie f = lockedFile();
    lock(f, 1, lockRange(Flock.LockType.WRLCK, 0, 10), VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_POSIX);
    assertErrno(Errno.EAGAIN, () -> lock(f, 2, lockRange(Flock.LockType.RDLCK, 5, 1), VnOp.Advlock.LockOp.SETLK,
        VnOp.Advlock.F_POSIX));
  }

  @Test
  void advlock_readLocksShareButWriteLockConflicts() {
    Cookie f = lockedFile();
    lock(f, 1, lockRange(Flock.LockType.RDLCK, 0, 10), VnOp.Advlock.LockOp.SETLK, 0);
    lock(f, 2, lockRange(Flock.LockType.RDLCK, 0, 10), VnOp.Advlock.LockOp.SETLK, 0);
    assertErrno(Errno.EAGAIN, () -> lock(f, 3, lockRange(Flock.LockType.WRLCK, 9, 0), VnOp.Advlock.LockOp.SETLK, 0));
  }

  @Test
  void advlock_waitThatWouldDeadlockFailsEdeadlk() throws Exception {
    Cookie f = lockedFile();
    lock(f, 1, lockRange(Flock.LockType.WRLCK, 0, 10), VnOp.Advlock.LockOp.SETLK, 0);
    lock(f, 2, lockRange(Flock.LockType.WRLCK, 10, 10), VnOp.Advlock.LockOp.SETLK, 0);
    // each owner waits for the other's range: whichever asks second closes the cycle and gets EDEADLK
    CompletableFuture<Errno> one = Threads.onNewThread(() -> errnoOf(() -> lock(f, 1,
        lockRange(Flock.LockType.WRLCK, 10, 10), VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_WAIT)));
    CompletableFuture<Errno> two = Threads.onNewThread(() -> errnoOf(() -> lock(f, 2,
        lockRange(Flock.LockType.WRLCK, 0, 10), VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_WAIT)));
    Errno first = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> (Errno) CompletableFuture.anyOf(one, two).get());
    assertEquals(Errno.EDEADLK, first);
    long loser = one.isDone() ? 1 : 2;
    lock(f, loser, lockRange(Flock.LockType.UNLCK, 0, 0), VnOp.Advlock.LockOp.UNLCK, 0);
    CompletableFuture<Errno> winner = loser == 1 ? two : one;
    assertEquals(Errno.OK, winner.get(30, TimeUnit.SECONDS));
  }

  private static Errno errnoOf(Runnable op) {
    try {
      op.run();
      return Errno.OK;
    } catch (PuffsException e) {
      return e.errno();
    }
  }

  @Test
  void advlock_rangeBeforeStartOfFileFailsEinval() {
    Cookie f = lockedFile();
    assertErrno(Errno.EINVAL, () -> lock(f, 1, lockRange(Flock.LockType.WRLCK, -1, 10), VnOp.Advlock.LockOp.SETLK,
        0));
    assertErrno(Errno.EINVAL, () -> lock(f, 1, lockRange(Flock.LockType.WRLCK, 5, -10), VnOp.Advlock.LockOp.SETLK,
        0));
  }

  @Test
  void advlock_getlkOfTypeUnlockFailsEinval() {
    Cookie f = lockedFile();
    assertErrno(Errno.EINVAL, () -> lock(f, 1, lockRange(Flock.LockType.UNLCK, 0, 10), VnOp.Advlock.LockOp.GETLK,
        0));
  }

  @Test
  void advlock_whenceCurFailsEinval() {
    Cookie f = lockedFile();
    assertErrno(Errno.EINVAL, () -> lock(f, 1, new Flock(Flock.LockType.WRLCK, Flock.Whence.CUR, 0, 10, 1),
        VnOp.Advlock.LockOp.SETLK, 0));
  }

  @Test
  void advlock_rangeEndingBeyondMaximumFailsEoverflow() {
    Cookie f = lockedFile();
    assertErrno(Errno.EOVERFLOW, () -> lock(f, 1, lockRange(Flock.LockType.WRLCK, Long.MAX_VALUE - 5, 10),
        VnOp.Advlock.LockOp.SETLK, 0));
  }

  @Test
  void advlock_interruptedWaitFailsEintr() throws Exception {
    Cookie f = lockedFile();
    lock(f, 1, lockRange(Flock.LockType.WRLCK, 0, 0), VnOp.Advlock.LockOp.SETLK, 0);
    CompletableFuture<Errno> waiter = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      // interrupted before it waits: the wait must notice at once
      Thread.currentThread().interrupt();
      waiter.complete(errnoOf(() -> lock(f, 2, lockRange(Flock.LockType.WRLCK, 0, 0), VnOp.Advlock.LockOp.SETLK,
          VnOp.Advlock.F_WAIT)));
    });
    t.start();
    assertEquals(Errno.EINTR, waiter.get(30, TimeUnit.SECONDS));
    t.join();
  }

  @Test
  void advlock_getlkReportsTheConflictOrUnlock() {
    Cookie f = lockedFile();
    Flock free = lock(f, 2, lockRange(Flock.LockType.WRLCK, 0, 10), VnOp.Advlock.LockOp.GETLK, 0);
    assertEquals(Flock.LockType.UNLCK, free.type());
    lock(f, 1, new Flock(Flock.LockType.RDLCK, Flock.Whence.SET, 5, 10, 77), VnOp.Advlock.LockOp.SETLK, 0);
    Flock conflict = lock(f, 2, lockRange(Flock.LockType.WRLCK, 0, 10), VnOp.Advlock.LockOp.GETLK, 0);
    assertEquals(Flock.LockType.RDLCK, conflict.type());
    assertEquals(5, conflict.start());
    assertEquals(10, conflict.len());
    assertEquals(77, conflict.pid());
    assertEquals(Flock.LockType.UNLCK,
        lock(f, 1, lockRange(Flock.LockType.WRLCK, 0, 10), VnOp.Advlock.LockOp.GETLK, 0).type(),
        "an owner never conflicts with itself");
  }

  @Test
  void advlock_waitIsGrantedWhenTheHolderUnlocks() throws Exception {
    Cookie f = lockedFile();
    lock(f, 1, lockRange(Flock.LockType.WRLCK, 0, 100), VnOp.Advlock.LockOp.SETLK, 0);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Errno> waiter = Threads.onNewThread(() -> {
      started.countDown();
      return errnoOf(() -> lock(f, 2, lockRange(Flock.LockType.WRLCK, 50, 10), VnOp.Advlock.LockOp.SETLK,
          VnOp.Advlock.F_WAIT));
    });
    assertTrue(started.await(30, TimeUnit.SECONDS));
    lock(f, 1, lockRange(Flock.LockType.UNLCK, 0, 0), VnOp.Advlock.LockOp.UNLCK, 0);
    assertEquals(Errno.OK, waiter.get(30, TimeUnit.SECONDS));
    assertErrno(Errno.EAGAIN, () -> lock(f, 1, lockRange(Flock.LockType.RDLCK, 55, 1), VnOp.Advlock.LockOp.SETLK,
        0));
  }

  // ---- extended attributes ------------------------------------------------------------------------------------------

  private Cookie xattrFile(ServerClient owner, int mode) {
    assumeTrue(supportsXattrs());
    return owner.create(top, "x-" + owner.cred().uid(), mode);
  }

  private void setx(ServerClient c, Cookie node, int ns, String name, String value) {
    server.setextattr(c.ctx(), node, ns, name, Bytes.utf8(value));
  }

  private OpReply.Extattr getx(ServerClient c, Cookie node, int ns, String name) {
    return server.getextattr(c.ctx(), node, ns, name, false, 65536);
  }

  @Test
  void getextattr_missingAttributeFailsEnodata() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.ENODATA, () -> getx(root, f, ExtattrNamespace.USER, "missing"));
  }

  @Test
  void getextattr_invalidNamespaceOrEmptyNameFailsEinval() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.EINVAL, () -> getx(root, f, 99, "a"));
    assertErrno(Errno.EINVAL, () -> getx(root, f, ExtattrNamespace.USER, ""));
  }

  @Test
  void getextattr_nameTooLongFailsEnametoolong() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.ENAMETOOLONG, () -> getx(root, f, ExtattrNamespace.USER, "n".repeat(256)));
  }

  @Test
  void getextattr_systemOrTrustedNamespaceByNonSuperuserFailsEperm() {
    assumeCredentials();
    assumeTrue(supportsPrivilegedXattrs());
    Cookie f = xattrFile(alice, 0644);
    setx(root, f, ExtattrNamespace.SYSTEM, "s", "v");
    setx(root, f, ExtattrNamespace.TRUSTED, "t", "v");
    assertErrno(Errno.EPERM, () -> getx(alice, f, ExtattrNamespace.SYSTEM, "s"));
    assertErrno(Errno.EPERM, () -> getx(alice, f, ExtattrNamespace.TRUSTED, "t"));
  }

  @Test
  void getextattr_userNamespaceWithoutReadPermissionFailsEacces() {
    assumeCredentials();
    Cookie f = xattrFile(alice, 0600);
    setx(alice, f, ExtattrNamespace.USER, "a", "v");
    assertErrno(Errno.EACCES, () -> getx(bob, f, ExtattrNamespace.USER, "a"));
  }

  @Test
  void getextattr_userAttributeOnSymlinkFailsEnodata() {
    assumeTrue(supportsXattrs());
    Cookie l = root.symlink(top, "l", "target");
    assertErrno(Errno.ENODATA, () -> getx(root, l, ExtattrNamespace.USER, "a"));
  }

  @Test
  void getextattr_bufferTooSmallFailsErange() {
    Cookie f = xattrFile(root, 0644);
    setx(root, f, ExtattrNamespace.USER, "a", "0123456789");
    assertErrno(Errno.ERANGE, () -> server.getextattr(root.ctx(), f, ExtattrNamespace.USER, "a", false, 5));
  }

  @Test
  void getextattr_wantSizeAnswersOnlyTheSize() {
    Cookie f = xattrFile(root, 0644);
    setx(root, f, ExtattrNamespace.USER, "a", "0123456789");
    OpReply.Extattr r = server.getextattr(root.ctx(), f, ExtattrNamespace.USER, "a", true, 0);
    assertEquals(10, r.datasize());
    assertTrue(r.data().isEmpty());
    assertEquals(Bytes.utf8("0123456789"), getx(root, f, ExtattrNamespace.USER, "a").data());
  }

  @Test
  void setextattr_privilegedNamespaceByNonSuperuserFailsEperm() {
    assumeCredentials();
    assumeTrue(supportsPrivilegedXattrs());
    Cookie f = xattrFile(alice, 0666);
    assertErrno(Errno.EPERM, () -> setx(alice, f, ExtattrNamespace.SYSTEM, "s", "v"));
    assertErrno(Errno.EPERM, () -> setx(alice, f, ExtattrNamespace.TRUSTED, "t", "v"));
    assertErrno(Errno.EPERM, () -> setx(alice, f, ExtattrNamespace.SECURITY, "c", "v"));
  }

  @Test
  void setextattr_userAttributeOnSymlinkFailsEperm() {
    assumeTrue(supportsXattrs());
    Cookie l = root.symlink(top, "l", "target");
    assertErrno(Errno.EPERM, () -> setx(root, l, ExtattrNamespace.USER, "a", "v"));
  }

  @Test
  void setextattr_userNamespaceWithoutWritePermissionFailsEacces() {
    assumeCredentials();
    Cookie f = xattrFile(alice, 0644);
    assertErrno(Errno.EACCES, () -> setx(bob, f, ExtattrNamespace.USER, "a", "v"));
  }

  @Test
  void setextattr_valueOver64KibFailsE2big() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.E2BIG, () -> server.setextattr(root.ctx(), f, ExtattrNamespace.USER, "a",
        Bytes.of(new byte[65537])));
  }

  @Test
  void setextattr_beyondByteCapacityFailsEnospc() {
    assumeTrue(supportsXattrs());
    ServerClient c = capped(1000, 100);
    Cookie f = c.create(c.root(), "f", 0644);
    assertErrno(Errno.ENOSPC, () -> c.server().setextattr(c.ctx(), f, ExtattrNamespace.USER, "a",
        Bytes.of(new byte[2000])));
  }

  @Test
  void setextattr_invalidNamespaceOrEmptyNameFailsEinval() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.EINVAL, () -> setx(root, f, 0, "a", "v"));
    assertErrno(Errno.EINVAL, () -> setx(root, f, ExtattrNamespace.USER, "", "v"));
  }

  @Test
  void setextattr_nameTooLongFailsEnametoolong() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.ENAMETOOLONG, () -> setx(root, f, ExtattrNamespace.USER, "n".repeat(256), "v"));
  }

  @Test
  void setextattr_replacesTheValue() {
    Cookie f = xattrFile(root, 0644);
    setx(root, f, ExtattrNamespace.USER, "a", "one");
    setx(root, f, ExtattrNamespace.USER, "a", "two");
    assertEquals(Bytes.utf8("two"), getx(root, f, ExtattrNamespace.USER, "a").data());
  }

  @Test
  void listextattr_invalidNamespaceFailsEinval() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.EINVAL, () -> server.listextattr(root.ctx(), f, 7, false, 1024, VnOp.Listextattr.LENPREFIX));
  }

  @Test
  void listextattr_systemNamespaceByNonSuperuserFailsEperm() {
    assumeCredentials();
    assumeTrue(supportsPrivilegedXattrs());
    Cookie f = xattrFile(alice, 0644);
    assertErrno(Errno.EPERM, () -> server.listextattr(alice.ctx(), f, ExtattrNamespace.SYSTEM, false, 1024,
        VnOp.Listextattr.LENPREFIX));
  }

  @Test
  void listextattr_userNamespaceWithoutReadPermissionFailsEacces() {
    assumeCredentials();
    Cookie f = xattrFile(alice, 0600);
    assertErrno(Errno.EACCES, () -> server.listextattr(bob.ctx(), f, ExtattrNamespace.USER, false, 1024,
        VnOp.Listextattr.LENPREFIX));
  }

  @Test
  void listextattr_bufferTooSmallFailsErange() {
    Cookie f = xattrFile(root, 0644);
    setx(root, f, ExtattrNamespace.USER, "alpha", "v");
    assertErrno(Errno.ERANGE, () -> server.listextattr(root.ctx(), f, ExtattrNamespace.USER, false, 3,
        VnOp.Listextattr.LENPREFIX));
  }

  @Test
  void listextattr_listsTheNamesOfOneNamespace() {
    Cookie f = xattrFile(root, 0644);
    setx(root, f, ExtattrNamespace.USER, "b", "1");
    setx(root, f, ExtattrNamespace.USER, "a", "2");
    OpReply.Extattr r = server.listextattr(root.ctx(), f, ExtattrNamespace.USER, false, 1024,
        VnOp.Listextattr.LENPREFIX);
    assertEquals(Bytes.of(new byte[] {1, 'a', 1, 'b'}), r.data());
  }

  @Test
  void deleteextattr_missingAttributeFailsEnodata() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.ENODATA, () -> server.deleteextattr(root.ctx(), f, ExtattrNamespace.USER, "missing"));
  }

  @Test
  void deleteextattr_privilegedNamespaceByNonSuperuserFailsEperm() {
    assumeCredentials();
    assumeTrue(supportsPrivilegedXattrs());
    Cookie f = xattrFile(alice, 0666);
    setx(root, f, ExtattrNamespace.TRUSTED, "t", "v");
    assertErrno(Errno.EPERM, () -> server.deleteextattr(alice.ctx(), f, ExtattrNamespace.TRUSTED, "t"));
  }

  @Test
  void deleteextattr_userNamespaceWithoutWritePermissionFailsEacces() {
    assumeCredentials();
    Cookie f = xattrFile(alice, 0644);
    setx(alice, f, ExtattrNamespace.USER, "a", "v");
    assertErrno(Errno.EACCES, () -> server.deleteextattr(bob.ctx(), f, ExtattrNamespace.USER, "a"));
  }

  @Test
  void deleteextattr_invalidNamespaceFailsEinval() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.EINVAL, () -> server.deleteextattr(root.ctx(), f, 42, "a"));
  }

  @Test
  void deleteextattr_nameTooLongFailsEnametoolong() {
    Cookie f = xattrFile(root, 0644);
    assertErrno(Errno.ENAMETOOLONG, () -> server.deleteextattr(root.ctx(), f, ExtattrNamespace.USER, "n".repeat(256)));
  }

  @Test
  void deleteextattr_removesTheAttribute() {
    Cookie f = xattrFile(root, 0644);
    setx(root, f, ExtattrNamespace.USER, "a", "v");
    server.deleteextattr(root.ctx(), f, ExtattrNamespace.USER, "a");
    assertErrno(Errno.ENODATA, () -> getx(root, f, ExtattrNamespace.USER, "a"));
  }

  // ---- FALLOCATE, FDISCARD ------------------------------------------------------------------------------------------

  @Test
  void fallocate_directoryFailsEisdir() {
    assertErrno(Errno.EISDIR, () -> server.fallocate(root.ctx(), top, 0, 10));
  }

  @Test
  void fallocate_nonRegularFileFailsEnodev() {
    Cookie p = root.mknod(top, "p", VType.VFIFO, 0644, 0);
    assertErrno(Errno.ENODEV, () -> server.fallocate(root.ctx(), p, 0, 10));
  }

  @Test
  void fallocate_badRangeFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> server.fallocate(root.ctx(), f, -1, 10));
    assertErrno(Errno.EINVAL, () -> server.fallocate(root.ctx(), f, 0, 0));
  }

  @Test
  void fallocate_beyondMaximumFileSizeFailsEfbig() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EFBIG, () -> server.fallocate(root.ctx(), f, Long.MAX_VALUE - 5, 10));
  }

  @Test
  void fallocate_beyondByteCapacityFailsEnospc() {
    ServerClient c = capped(64 * 1024, 100);
    Cookie f = c.create(c.root(), "f", 0644);
    assertErrno(Errno.ENOSPC, () -> c.server().fallocate(c.ctx(), f, 0, 1 << 20));
  }

  @Test
  void fallocate_extendsTheFileWithZeros() {
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("ab"));
    server.fallocate(root.ctx(), f, 0, 10);
    assertArrayEquals(new byte[] {'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0}, root.readAll(f));
  }

  @Test
  void fdiscard_directoryFailsEisdir() {
    assertErrno(Errno.EISDIR, () -> server.fdiscard(root.ctx(), top, 0, 10));
  }

  @Test
  void fdiscard_nonRegularFileFailsEnodev() {
    Cookie p = root.mknod(top, "p", VType.VFIFO, 0644, 0);
    assertErrno(Errno.ENODEV, () -> server.fdiscard(root.ctx(), p, 0, 10));
  }

  @Test
  void fdiscard_badRangeFailsEinval() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EINVAL, () -> server.fdiscard(root.ctx(), f, 0, -3));
  }

  @Test
  void fdiscard_beyondMaximumFileSizeFailsEfbig() {
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.EFBIG, () -> server.fdiscard(root.ctx(), f, Long.MAX_VALUE, 10));
  }

  @Test
  void fdiscard_punchesAHoleAndKeepsTheSize() {
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("abcdef"));
    server.fdiscard(root.ctx(), f, 1, 3);
    assertArrayEquals(new byte[] {'a', 0, 0, 0, 'e', 'f'}, root.readAll(f));
  }

  // ---- file handles -------------------------------------------------------------------------------------------------

  private int fhSize() {
    assumeTrue(supportsFileHandles());
    return server.mountSpec().fhSize();
  }

  @Test
  void fhToNode_handleOfOtherSizeFailsEstale() {
    fhSize();
    assertErrno(Errno.ESTALE, () -> server.fhToNode(root.ctx(), FileHandle.of(new byte[3])));
  }

  @Test
  void fhToNode_handleOfRemovedNodeFailsEstale() {
    int size = fhSize();
    Cookie f = root.create(top, "f", 0644);
    FileHandle fh = server.nodeToFh(root.ctx(), f, size);
    root.remove(top, "f");
    assertErrno(Errno.ESTALE, () -> server.fhToNode(root.ctx(), fh));
  }

  @Test
  void nodeToFh_bufferTooSmallFailsE2big() {
    int size = fhSize();
    Cookie f = root.create(top, "f", 0644);
    assertErrno(Errno.E2BIG, () -> server.nodeToFh(root.ctx(), f, size - 1));
  }

  @Test
  void nodeToFh_ofRemovedNodeFailsEstale() {
    int size = fhSize();
    Cookie f = root.create(top, "f", 0644);
    root.remove(top, "f");
    assertErrno(Errno.ESTALE, () -> server.nodeToFh(root.ctx(), f, size));
  }

  @Test
  void fileHandle_resolvesToTheSameNode() {
    int size = fhSize();
    Cookie f = root.create(top, "f", 0644);
    root.write(f, 0, utf8("abc"));
    OpReply.NodeInfo info = server.fhToNode(root.ctx(), server.nodeToFh(root.ctx(), f, size));
    assertEquals(f, info.cookie());
    assertEquals(VType.VREG, info.vtype());
    assertEquals(3, info.size());
    assertNotEquals(0, size);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  private static List<String> names(List<DirEntry> entries) {
    List<String> out = new ArrayList<>();
    for (DirEntry e : entries) {
      out.add(e.name());
    }
    return out;
  }

  private static List<String> sorted(List<String> names) {
    List<String> copy = new ArrayList<>(names);
    copy.sort(null);
    return copy;
  }
}
