package org.jpuffs.servers.passthrough;

import static org.jpuffs.servers.passthrough.Ops.create;
import static org.jpuffs.servers.passthrough.Ops.delete;
import static org.jpuffs.servers.passthrough.Ops.dir;
import static org.jpuffs.servers.passthrough.Ops.errno;
import static org.jpuffs.servers.passthrough.Ops.file;
import static org.jpuffs.servers.passthrough.Ops.lookup;
import static org.jpuffs.servers.passthrough.Ops.node;
import static org.jpuffs.servers.passthrough.Ops.rename;
import static org.jpuffs.servers.passthrough.Ops.root;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.IoFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PathconfName;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.Test;

class PassthroughFsTest extends ServedDirectoryTest {

  final RequestContext ctx = root();

  static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  Cookie mkfile(String name, String content) {
    Cookie c = fs.create(ctx, root, create(name), file(0644)).cookie();
    fs.write(ctx, c, 0, 0, Bytes.utf8(content));
    return c;
  }

  String readAll(Cookie c) {
    return fs.read(ctx, c, 0, 1 << 20, 0).toUtf8();
  }

  @Test
  void mountSpecDescribesTheRoot() throws IOException {
    MountSpec spec = fs.mountSpec();
    assertEquals(cookieOf(host), spec.rootCookie());
    assertEquals(VType.VDIR, spec.rootVtype());
    assertEquals(24, spec.fhSize());
    assertEquals(RecoveryMode.REATTACH, spec.recoveryMode());
    assertEquals("passthrough", spec.typeName());
    assertEquals(host.toString(), spec.mntFromName());
    assertTrue(spec.statvfs().blocks() > 0);
  }

  @Test
  void lookupFindsWhatIsOnTheHost() throws IOException {
    Path a = Files.writeString(host.resolve("a"), "hello");
    OpReply.NewNode found = fs.lookup(ctx, root, lookup("a"));
    assertEquals(cookieOf(a), found.cookie());
    assertEquals(VType.VREG, found.vtype());
    assertEquals(5, found.size());
    assertEquals("hello", readAll(found.cookie()));
  }

  @Test
  void lookupOfAMissingNameIsEnoent() {
    assertEquals(Errno.ENOENT, errno(() -> fs.lookup(ctx, root, lookup("nothing"))));
  }

  @Test
  void createMakesAFileWithExactlyTheRequestedMode() throws IOException {
    OpReply.NewNode made = fs.create(ctx, root, create("f"), file(0640));
    Path f = host.resolve("f");
    assertTrue(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS));
    assertEquals(0640, mode(f));
    assertEquals(cookieOf(f), made.cookie());
    assertEquals(VType.VREG, made.vtype());
    assertEquals(0, made.size());
  }

  @Test
  void createOfAnExistingNameIsEexist() throws IOException {
    Files.writeString(host.resolve("f"), "x");
    assertEquals(Errno.EEXIST, errno(() -> fs.create(ctx, root, create("f"), file(0644))));
    assertEquals(Errno.EEXIST, errno(() -> fs.mkdir(ctx, root, create("f"), dir(0755))));
    assertEquals(Errno.EEXIST, errno(() -> fs.mkdir(ctx, root, create("."), dir(0755))));
  }

  @Test
  void writeThenReadRoundTrips() {
    Cookie c = mkfile("f", "0123456789");
    fs.write(ctx, c, 20, 0, Bytes.utf8("tail"));
    Bytes all = fs.read(ctx, c, 0, 100, 0);
    assertEquals(24, all.size());
    assertEquals(0, all.get(15));
    assertEquals("tail", fs.read(ctx, c, 20, 100, 0).toUtf8());
    assertEquals("234", fs.read(ctx, c, 2, 3, 0).toUtf8());
    assertEquals(0, fs.read(ctx, c, 1000, 10, 0).size());
  }

  @Test
  void appendWritesGoToTheEnd() {
    Cookie c = mkfile("f", "abc");
    fs.write(ctx, c, 0, IoFlags.IO_APPEND, Bytes.utf8("def"));
    assertEquals("abcdef", readAll(c));
  }

  @Test
  void readAndWriteOfADirectoryAreEisdir() {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    assertEquals(Errno.EISDIR, errno(() -> fs.read(ctx, d, 0, 10, 0)));
    assertEquals(Errno.EISDIR, errno(() -> fs.write(ctx, d, 0, 0, Bytes.utf8("x"))));
  }

  @Test
  void setattrTruncatesAndExtends() {
    Cookie c = mkfile("f", "0123456789");
    OpReply.Attributes shrunk = fs.setattr(ctx, c, Vattr.builder().size(4).build());
    assertEquals(4, shrunk.va().size());
    assertEquals("0123", readAll(c));
    assertEquals(100, fs.setattr(ctx, c, Vattr.builder().size(100).build()).va().size());
    Bytes grown = fs.read(ctx, c, 0, 1000, 0);
    assertEquals(100, grown.size());
    assertEquals(0, grown.get(99));
  }

  @Test
  void setattrChangesModeAndKeepsSpecialBits() throws IOException {
    Cookie c = mkfile("f", "");
    assertEquals(04750, fs.setattr(ctx, c, Vattr.builder().mode(04750).build()).va().mode());
    assertEquals(04750, mode(host.resolve("f")));
  }

  @Test
  void setattrSetsExplicitTimesAndNowAndLeavesOmitted() throws IOException {
    Cookie c = mkfile("f", "");
    Path f = host.resolve("f");
    Timespec when = new Timespec(1_000_000, 5000);
    fs.setattr(ctx, c, Vattr.builder().atime(when).mtime(when).build());
    assertEquals(Instant.ofEpochSecond(1_000_000, 5000), Files.getLastModifiedTime(f).toInstant());
    fs.setattr(ctx, c, Vattr.builder().mtime(Timespec.NOW).atime(Timespec.OMIT).build());
    assertTrue(Files.getLastModifiedTime(f).toInstant().isAfter(Instant.ofEpochSecond(1_600_000_000)));
    FileTime atime = (FileTime) Files.getAttribute(f, "lastAccessTime");
    assertEquals(Instant.ofEpochSecond(1_000_000, 5000), atime.toInstant());
  }

  @Test
  void setattrRefusesFieldsThatCannotBeSet() {
    Cookie c = mkfile("f", "");
    assertEquals(Errno.EINVAL, errno(() -> fs.setattr(ctx, c, Vattr.builder().type(VType.VDIR).build())));
    assertEquals(Errno.EINVAL, errno(() -> fs.setattr(ctx, c, Vattr.builder().fileid(5).build())));
    assertEquals(Errno.EOPNOTSUPP, errno(() -> fs.setattr(ctx, c, Vattr.builder().flags(2).build())));
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    assertEquals(Errno.EISDIR, errno(() -> fs.setattr(ctx, d, Vattr.builder().size(0).build())));
  }

  @Test
  void getattrReportsTheHostAttributes() throws IOException {
    Cookie c = mkfile("f", "abc");
    Vattr va = fs.getattr(ctx, c).va();
    Path f = host.resolve("f");
    assertEquals(VType.VREG, va.type());
    assertEquals(3, va.size());
    assertEquals(1, va.nlink());
    assertEquals(ino(f), va.fileid());
    assertEquals(0644, va.mode());
    assertEquals(Files.getLastModifiedTime(f).toInstant(), va.mtime().toInstant());
    assertTrue(va.blocksize() > 0);
  }

  @Test
  void mkdirAndRmdir() {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0750)).cookie();
    assertTrue(Files.isDirectory(host.resolve("d")));
    fs.create(ctx, d, create("inner"), file(0644));
    assertEquals(Errno.ENOTEMPTY, errno(() -> fs.rmdir(ctx, root, d, delete("d"))));
    Cookie inner = fs.lookup(ctx, d, lookup("inner")).cookie();
    assertEquals(Errno.ENOTDIR, errno(() -> fs.rmdir(ctx, d, inner, delete("inner"))));
    assertEquals(Errno.EISDIR, errno(() -> fs.remove(ctx, root, d, delete("d"))));
    fs.remove(ctx, d, inner, delete("inner"));
    fs.rmdir(ctx, root, d, delete("d"));
    assertFalse(Files.exists(host.resolve("d")));
    assertEquals(Errno.ESTALE, errno(() -> fs.getattr(ctx, d)));
  }

  @Test
  void aFileRemovedWhileOpenIsStillReadWrittenAndTruncatedThroughItsNode() {
    Cookie c = mkfile("f", "0123456789");
    fs.open(ctx, c, OpenFlags.FREAD | OpenFlags.FWRITE);
    fs.remove(ctx, root, c, delete("f"));
    assertFalse(Files.exists(host.resolve("f"), LinkOption.NOFOLLOW_LINKS));
    fs.write(ctx, c, 10, 0, Bytes.utf8("ab"));
    assertEquals("0123456789ab", readAll(c));
    Vattr va = fs.getattr(ctx, c).va();
    assertEquals(List.of(0L, 12L), List.of(va.nlink(), va.size()));
    fs.setattr(ctx, c, Vattr.builder().size(4).build());
    assertEquals("0123", readAll(c));
    fs.close(ctx, c, OpenFlags.FREAD | OpenFlags.FWRITE);
    assertEquals(Errno.ESTALE, errno(() -> fs.getattr(ctx, c)), "gone with its last close");
  }

  @Test
  void aFileRemovedWhileClosedIsGoneAtOnce() {
    Cookie c = mkfile("f", "x");
    fs.remove(ctx, root, c, delete("f"));
    assertEquals(Errno.ESTALE, errno(() -> fs.read(ctx, c, 0, 10, 0)));
  }

  @Test
  void theCookieFoldsInTheGenerationSoAReusedInodeNumberIsAnotherNode() throws IOException {
    Path f = Files.writeString(host.resolve("f"), "x");
    long ino = ino(f);
    long gen = FileHandles.generation(HostAttributes.read(f));
    assertNotEquals(FileHandles.cookieOf(ino, gen), FileHandles.cookieOf(ino, gen + 1));
    assertEquals(FileHandles.cookieOf(ino, gen), fs.lookup(ctx, root, lookup("f")).cookie().value());
    assertEquals(ino, fs.getattr(ctx, cookieOf(f)).va().fileid(), "stat shows the host's inode number");
  }

  @Test
  void aRestartedServerGivesEveryNodeItsCookie() {
    Cookie c = mkfile("f", "x");
    PassthroughFs restarted = new PassthroughFs(host, PassthroughFs.Options.DEFAULT.withWatch(false));
    assertEquals(fs.rootCookie(), restarted.rootCookie());
    assertEquals(c, restarted.lookup(ctx, restarted.rootCookie(), lookup("f")).cookie());
  }

  @Test
  void removeOfTheLastNameAsksTheEngineToRecycleTheNode() {
    Cookie c = mkfile("f", "x");
    RequestContext removal = root();
    fs.remove(removal, root, c, delete("f"));
    assertEquals(org.jpuffs.api.protocol.Setbacks.NOREF_N2, removal.setbacks());
  }

  @Test
  void removeChecksTheEnginesNodeIsStillThere() throws IOException {
    Cookie c = mkfile("f", "x");
    // Made while f still exists, so the host cannot hand out f's inode number again.
    Files.writeString(host.resolve("g"), "another file");
    Files.move(host.resolve("g"), host.resolve("f"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(Errno.ENOENT, errno(() -> fs.remove(ctx, root, c, delete("f"))));
    assertTrue(Files.exists(host.resolve("f")));
  }

  @Test
  void symlinkAndReadlink() throws IOException {
    OpReply.NewNode link = fs.symlink(ctx, root, create("l"), Vattr.NULL, "some/target");
    assertEquals(VType.VLNK, link.vtype());
    assertEquals(Path.of("some/target"), Files.readSymbolicLink(host.resolve("l")));
    assertEquals("some/target", fs.readlink(ctx, link.cookie(), 1024));
    assertEquals("some", fs.readlink(ctx, link.cookie(), 4));
    Cookie f = mkfile("f", "");
    assertEquals(Errno.EINVAL, errno(() -> fs.readlink(ctx, f, 1024)));
    assertEquals(Errno.ENOENT, errno(() -> fs.symlink(ctx, root, create("empty"), Vattr.NULL, "")));
  }

  @Test
  void hardLinksShareTheCookieAndSurviveRemovalOfOneName() {
    Cookie c = mkfile("a", "shared");
    fs.link(ctx, root, c, create("b"));
    assertEquals(c, fs.lookup(ctx, root, lookup("b")).cookie());
    assertEquals(2, fs.getattr(ctx, c).va().nlink());
    fs.remove(ctx, root, c, delete("a"));
    assertEquals("shared", readAll(c));
    assertEquals(1, fs.getattr(ctx, c).va().nlink());
    assertEquals(Errno.EEXIST, errno(() -> fs.link(ctx, root, c, create("b"))));
  }

  @Test
  void hardLinkToADirectoryIsEperm() {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    assertEquals(Errno.EPERM, errno(() -> fs.link(ctx, root, d, create("e"))));
  }

  @Test
  void renameMovesAndKeepsTheCookie() throws IOException {
    Cookie c = mkfile("a", "content");
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    fs.rename(ctx, root, c, rename("a"), d, Cookie.NONE, rename("b"));
    assertTrue(Files.exists(host.resolve("d/b")));
    assertFalse(Files.exists(host.resolve("a")));
    assertEquals("content", readAll(c));
    assertEquals(c, fs.lookup(ctx, d, lookup("b")).cookie());
  }

  @Test
  void renameReplacesTheTarget() {
    Cookie a = mkfile("a", "new");
    Cookie b = mkfile("b", "old");
    fs.rename(ctx, root, a, rename("a"), root, b, rename("b"));
    assertEquals("new", readAll(fs.lookup(ctx, root, lookup("b")).cookie()));
    assertEquals(Errno.ESTALE, errno(() -> fs.getattr(ctx, b)));
  }

  @Test
  void renameOverTheLastNameAsksTheEngineToRecycleTheReplacedNode() {
    Cookie a = mkfile("a", "new");
    Cookie b = mkfile("b", "old");
    RequestContext renaming = root();
    fs.rename(renaming, root, a, rename("a"), root, b, rename("b"));
    assertEquals(org.jpuffs.api.protocol.Setbacks.NOREF_N2, renaming.setbacks());
  }

  @Test
  void renamingADirectoryMovesWhatIsBelowIt() {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    Cookie sub = fs.mkdir(ctx, d, create("sub"), dir(0755)).cookie();
    Cookie f = fs.create(ctx, sub, create("f"), file(0644)).cookie();
    fs.write(ctx, f, 0, 0, Bytes.utf8("deep"));
    fs.rename(ctx, root, d, rename("d"), root, Cookie.NONE, rename("e"));
    assertEquals("deep", readAll(f));
    assertEquals(VType.VDIR, fs.getattr(ctx, sub).va().type());
    fs.create(ctx, sub, create("g"), file(0644));
  }

  @Test
  void renameIntoItselfIsEinval() {
    Cookie d = fs.mkdir(ctx, root, create("d"), dir(0755)).cookie();
    assertEquals(Errno.EINVAL, errno(() -> fs.rename(ctx, root, d, rename("d"), d, Cookie.NONE, rename("x"))));
  }

  @Test
  void renameOfTwoNamesOfOneFileDoesNothing() {
    Cookie c = mkfile("a", "x");
    fs.link(ctx, root, c, create("b"));
    fs.rename(ctx, root, c, rename("a"), root, c, rename("b"));
    assertEquals(c, fs.lookup(ctx, root, lookup("a")).cookie());
    assertEquals(c, fs.lookup(ctx, root, lookup("b")).cookie());
  }

  @Test
  void readdirListsDotsThenEntriesWithInodesAndTypes() throws IOException {
    mkfile("f", "");
    fs.mkdir(ctx, root, create("d"), dir(0755));
    fs.symlink(ctx, root, create("l"), Vattr.NULL, "f");
    OpReply.Entries e = fs.readdir(ctx, root, 0, 4096, 0);
    assertTrue(e.eof());
    assertEquals(List.of(".", ".."), e.entries().subList(0, 2).stream().map(DirEntry::name).collect(Collectors.toList()));
    assertEquals(ino(host), e.entries().get(0).fileno());
    assertEquals(ino(host), e.entries().get(1).fileno(), "the root's .. is itself");
    assertEquals(5, e.entries().size());
    for (DirEntry entry : e.entries().subList(2, 5)) {
      assertEquals(ino(host.resolve(entry.name())), entry.fileno());
      VType expected = entry.name().equals("f") ? VType.VREG : entry.name().equals("d") ? VType.VDIR : VType.VLNK;
      assertEquals(expected, entry.type());
    }
    long used = e.entries().stream().mapToLong(DirEntry::recordLength).sum();
    assertEquals(4096 - used, e.resid());
    assertTrue(e.cookies().isEmpty());
  }

  @Test
  void readdirPagesThroughABigDirectoryWithCookies() throws IOException {
    for (int i = 0; i < 100; i++) {
      Files.createFile(host.resolve("file-" + i));
    }
    List<String> seen = new java.util.ArrayList<>();
    long offset = 0;
    boolean eof = false;
    int calls = 0;
    while (!eof) {
      OpReply.Entries page = fs.readdir(ctx, root, offset, 200, 5);
      assertTrue(page.entries().size() <= 5);
      assertEquals(page.entries().size(), page.cookies().size());
      if (!page.entries().isEmpty()) {
        assertEquals(page.offset(), (long) page.cookies().get(page.cookies().size() - 1));
      }
      page.entries().forEach(en -> seen.add(en.name()));
      offset = page.offset();
      eof = page.eof();
      calls++;
    }
    assertEquals(102, seen.size());
    assertEquals(102, new java.util.HashSet<>(seen).size());
    assertTrue(calls >= 21);
  }

  @Test
  void readdirIsStableUnderInsertions() throws IOException {
    for (int i = 0; i < 50; i++) {
      Files.createFile(host.resolve("old-" + i));
    }
    List<String> seen = new java.util.ArrayList<>();
    long offset = 0;
    boolean eof = false;
    int round = 0;
    while (!eof) {
      OpReply.Entries page = fs.readdir(ctx, root, offset, 128, 0);
      page.entries().forEach(en -> seen.add(en.name()));
      offset = page.offset();
      eof = page.eof();
      Files.createFile(host.resolve("new-" + round++));
    }
    assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no name twice");
    for (int i = 0; i < 50; i++) {
      assertTrue(seen.contains("old-" + i), "old-" + i + " was skipped");
    }
  }

  @Test
  void readdirOfAFileIsEnotdir() {
    Cookie f = mkfile("f", "");
    assertEquals(Errno.ENOTDIR, errno(() -> fs.readdir(ctx, f, 0, 4096, 0)));
  }

  @Test
  void readdirTeachesTheServerCookies() throws IOException {
    Files.writeString(host.resolve("seen"), "via readdir");
    fs.readdir(ctx, root, 0, 4096, 0);
    assertEquals("via readdir", readAll(cookieOf(host.resolve("seen"))));
  }

  @Test
  void statvfsComesFromTheFileStore() throws IOException {
    Statvfs s = fs.statvfs(ctx);
    assertTrue(s.blocks() > 0);
    assertTrue(s.bavail() <= s.bfree());
    assertTrue(s.bfree() <= s.blocks());
    assertEquals(255, s.namemax());
    assertEquals(Files.getFileStore(host).getBlockSize(), s.bsize());
  }

  @Test
  void pathconfAnswersTheLimits() {
    assertEquals(255, fs.pathconf(ctx, root, PathconfName.NAME_MAX));
    assertEquals(1024, fs.pathconf(ctx, root, PathconfName.PATH_MAX));
    assertEquals(1, fs.pathconf(ctx, root, PathconfName.CHOWN_RESTRICTED));
    assertEquals(Errno.EINVAL, errno(() -> fs.pathconf(ctx, root, 999)));
  }

  @Test
  void mknodMakesFifosThatAreNeverReadByTheServer() throws IOException {
    OpReply.NewNode fifo = fs.mknod(ctx, root, create("p"), node(VType.VFIFO, 0620, Vattr.VNOVAL));
    assertEquals(VType.VFIFO, fifo.vtype());
    assertEquals(0620, mode(host.resolve("p")));
    assertTrue(Files.readAttributes(host.resolve("p"), java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther());
    // Opening a FIFO would block the server thread; it is the engine's to serve.
    assertEquals(Errno.EINVAL, errno(() -> fs.read(ctx, fifo.cookie(), 0, 10, 0)));
    // Changing its mode or times must not open it either.
    fs.setattr(ctx, fifo.cookie(), Vattr.builder().mode(0600).mtime(Timespec.NOW).build());
    assertEquals(0600, mode(host.resolve("p")));
  }

  @Test
  void createMakesSockets() {
    OpReply.NewNode sock = fs.create(ctx, root, create("s"), node(VType.VSOCK, 0600, Vattr.VNOVAL));
    assertEquals(VType.VSOCK, fs.getattr(ctx, sock.cookie()).va().type());
  }

  @Test
  void mknodMakesDevicesAsRoot() throws IOException {
    assumeTrue(ServerProcess.isRoot(), "device nodes need root");
    long rdev = SpecialFiles.makedev(1, 3);
    OpReply.NewNode dev = fs.mknod(ctx, root, create("null"), node(VType.VCHR, 0600, rdev));
    assertEquals(VType.VCHR, dev.vtype());
    assertEquals(rdev, dev.rdev());
    assertEquals(rdev, ((Long) Files.getAttribute(host.resolve("null"), "unix:rdev")).longValue());
  }

  @Test
  void makedevRoundTrips() {
    long rdev = SpecialFiles.makedev(259, 70000);
    assertEquals(259, SpecialFiles.major(rdev));
    assertEquals(70000, SpecialFiles.minor(rdev));
    assertEquals(0x103, SpecialFiles.makedev(1, 3));
  }

  @Test
  void fallocateExtendsAndFdiscardZeroesInPlace() {
    Cookie c = mkfile("f", "abcdefgh");
    fs.fallocate(ctx, c, 4, 100);
    assertEquals(104, fs.getattr(ctx, c).va().size());
    fs.fdiscard(ctx, c, 2, 3);
    Bytes data = fs.read(ctx, c, 0, 8, 0);
    assertArrayEquals(new byte[] {'a', 'b', 0, 0, 0, 'f', 'g', 'h'}, data.toByteArray());
    assertEquals(104, fs.getattr(ctx, c).va().size());
    assertEquals(Errno.EINVAL, errno(() -> fs.fallocate(ctx, c, 0, 0)));
    assertEquals(Errno.EISDIR, errno(() -> fs.fdiscard(ctx, root, 0, 1)));
  }

  @Test
  void fsyncOfFilesAndDirectories() {
    Cookie c = mkfile("f", "x");
    fs.fsync(ctx, c, 0, 0, 0);
    fs.fsync(ctx, root, 0, 0, 0);
  }

  @Test
  void userExtendedAttributes() {
    assumeTrue(fs.supportsUserXattrs(), "host file system without user xattrs");
    Cookie c = mkfile("f", "");
    int user = ExtattrNamespace.USER;
    fs.setextattr(ctx, c, user, "color", Bytes.utf8("blue"));
    assertEquals("blue", fs.getextattr(ctx, c, user, "color", false, 100).data().toUtf8());
    assertEquals(4, fs.getextattr(ctx, c, user, "color", true, 0).datasize());
    assertEquals(Errno.ERANGE, errno(() -> fs.getextattr(ctx, c, user, "color", false, 2)));
    OpReply.Extattr list = fs.listextattr(ctx, c, user, false, 100, VnOp.Listextattr.LENPREFIX);
    assertEquals("\u0005color", list.data().toUtf8());
    assertEquals("user.color\0", fs.listextattr(ctx, c, user, false, 100, 0).data().toUtf8());
    fs.deleteextattr(ctx, c, user, "color");
    assertEquals(Errno.ENODATA, errno(() -> fs.getextattr(ctx, c, user, "color", false, 100)));
    assertEquals(Errno.EOPNOTSUPP, errno(() -> fs.setextattr(ctx, c, ExtattrNamespace.SYSTEM, "x", Bytes.EMPTY)));
  }

  @Test
  void symlinksCarryNoUserAttributes() {
    Cookie l = fs.symlink(ctx, root, create("l"), Vattr.NULL, "x").cookie();
    assertEquals(Errno.EPERM, errno(() -> fs.setextattr(ctx, l, ExtattrNamespace.USER, "a", Bytes.utf8("b"))));
    assertEquals(0, fs.listextattr(ctx, l, ExtattrNamespace.USER, true, 0, 0).datasize());
  }

  @Test
  void advisoryLocksConflictBetweenOwners() {
    Cookie c = mkfile("f", "0123456789");
    Flock write = new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 0, 5, 11);
    fs.advlock(ctx, c, write, 1, VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_POSIX);
    Flock probe = new Flock(Flock.LockType.RDLCK, Flock.Whence.SET, 4, 1, 12);
    assertEquals(Flock.LockType.WRLCK, fs.advlock(ctx, c, probe, 2, VnOp.Advlock.LockOp.GETLK, 0).type());
    assertEquals(Errno.EAGAIN, errno(() -> fs.advlock(ctx, c, probe, 2, VnOp.Advlock.LockOp.SETLK, 0)));
    fs.advlock(ctx, c, write, 1, VnOp.Advlock.LockOp.UNLCK, 0);
    fs.advlock(ctx, c, probe, 2, VnOp.Advlock.LockOp.SETLK, 0);
  }

  @Test
  void flockLocksCoverTheWholeFile() {
    Cookie c = mkfile("f", "0123456789");
    Flock whole = new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 0, 0, 11);
    fs.advlock(ctx, c, whole, 1, VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_FLOCK);
    Flock far = new Flock(Flock.LockType.RDLCK, Flock.Whence.SET, 1_000_000, 1, 12);
    assertEquals(Errno.EAGAIN, errno(() -> fs.advlock(ctx, c, far, 2, VnOp.Advlock.LockOp.SETLK, 0)));
  }

  @Test
  void nodesDeletedBehindTheServersBackAreEstale() throws IOException {
    Cookie c = mkfile("f", "x");
    Files.delete(host.resolve("f"));
    assertEquals(Errno.ESTALE, errno(() -> fs.getattr(ctx, c)));
    assertEquals(Errno.ESTALE, errno(() -> fs.read(ctx, c, 0, 1, 0)));
  }

  @Test
  void unknownCookiesAreEstale() {
    assertEquals(Errno.ESTALE, errno(() -> fs.getattr(ctx, Cookie.of(123456789))));
  }

  @Test
  void openChecksDirectoriesAreNotWritten() {
    assertEquals(Errno.EISDIR, errno(() -> fs.open(ctx, root, org.jpuffs.api.protocol.OpenFlags.FWRITE)));
    assertEquals(0, fs.open(ctx, root, org.jpuffs.api.protocol.OpenFlags.FREAD));
  }

  @Test
  void namesAreUtf8() throws IOException {
    Cookie c = fs.create(ctx, root, create("grüße-日本"), file(0644)).cookie();
    assertTrue(Files.exists(host.resolve("grüße-日本")));
    assertEquals(c, fs.lookup(ctx, root, lookup("grüße-日本")).cookie());
    assertNotEquals(0, new String("grüße".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).length());
  }
}
