package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.IoFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PathconfName;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.Sop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A puffs server that serves a host directory: the role of puffs' null layer ({@code puffs_null}). Every op maps
 * onto the host file system through {@code java.nio.file}.
 *
 * <h2>Nodes</h2>
 * A node's cookie is its host inode number, so a file keeps its cookie across server restarts; the root's cookie is
 * the inode of the served directory. The server remembers the current host path of every node it has told the engine
 * about ({@link CookieMap}), checks on each op that the path still holds that inode, and answers ESTALE when it does
 * not, or when a cookie was never learned (after a restart, until the engine looks the node up again). File handles
 * are {@code (dev, ino, generation)} ({@link FileHandles}); the mount recovers by {@link RecoveryMode#REATTACH}.
 * The served tree must not contain other mount points: a lookup that would cross one is EXDEV, since inode numbers
 * are only unique within one device.
 *
 * <h2>Safety</h2>
 * The server never leaves its directory: names are single components ({@link HostPaths}), {@code ".."} of the root
 * is the root, symbolic links are never followed while resolving (the client resolves them), and a directory on the
 * way that became a link behind the server's back makes the op ESTALE. The process usually runs as root, so the
 * server checks the caller's credentials itself ({@link Permissions}): search permission on every directory a name is
 * resolved in, write permission on the directory for entries made or removed, the sticky bit, ownership rules for
 * SETATTR, and new nodes are given to the caller's uid and gid (when running as root). Data I/O is checked at OPEN and
 * ACCESS, as the kernel does, not on every READ and WRITE.
 *
 * <h2>Changes behind its back</h2>
 * Once an engine is attached, the directories the server has looked up are watched ({@link HostWatcher}); changes
 * made by others become name-cache and page-cache invalidations through the {@link Sop}. Call {@link #close()} to
 * stop watching.
 *
 * <h2>Limits</h2>
 * Advisory locks live in the server ({@link LockTable}), not on the host. FIFOs and device nodes are made with the
 * {@code mkfifo} and {@code mknod} commands ({@link SpecialFiles}), and so are the symbolic links whose targets a JDK
 * {@code Path} would normalise (doubled or trailing slashes: {@code ln -s}, {@code readlink}). Only the {@code user.}
 * namespace of extended attributes is passed through. The JDK cannot tell how many blocks a file really occupies; a
 * node removed while open is gone for the server at once.
 */
// "try": the host changes this server makes are marked with try-with-resources scopes (HostWatcher.OwnChange) that
// the body never names; the scope is the point.
@SuppressWarnings("try")
public final class PassthroughFs implements FileSystemServer, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PassthroughFs.class);

  /** The file-system type name in the mount spec. */
  public static final String TYPE_NAME = "passthrough";

  /** {@code LINK_MAX} of ext4, the usual host. */
  private static final long LINK_MAX = 65000;
  /** {@code ST_RDONLY} of statvfs. */
  private static final long ST_RDONLY = 0x1;
  /** New nodes start private to the server until they are given to their creator. */
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

  /**
   * How a passthrough server behaves beyond its root.
   *
   * @param watch notice changes made behind the server's back and invalidate the engine's caches
   */
  public record Options(boolean watch) {
    /** Watching on. */
    public static final Options DEFAULT = new Options(true);

    /** These options with watching on or off. */
    public Options withWatch(boolean watch) {
      return new Options(watch);
    }
  }

  private final Options options;
  private final HostPaths paths;
  private final CookieMap cookies;
  private final HostWatcher watcher;
  private final LockTable locks = new LockTable();
  private final OpenFiles openFiles = new OpenFiles();
  private final FileStore store;
  private final Cookie rootCookie;
  private final long rootDev;
  private final long blocksize;

  /**
   * Serves {@code root} with {@link Options#DEFAULT}.
   *
   * @param root an existing directory
   * @throws UncheckedIOException if it cannot be read
   * @throws IllegalArgumentException if it is not a directory
   */
  public PassthroughFs(Path root) {
    this(root, Options.DEFAULT);
  }

  /**
   * Serves {@code root}.
   *
   * @param root an existing directory
   * @param options how to behave
   * @throws UncheckedIOException if it cannot be read
   * @throws IllegalArgumentException if it is not a directory
   */
  public PassthroughFs(Path root, Options options) {
    this.options = Objects.requireNonNull(options, "options");
    try {
      this.paths = new HostPaths(root);
      HostAttributes rootAttrs = HostAttributes.read(paths.root());
      this.store = Files.getFileStore(paths.root());
      this.rootCookie = rootAttrs.cookie();
      this.rootDev = rootAttrs.dev();
      this.blocksize = blockSizeOf(store);
      this.cookies = new CookieMap(paths);
      this.cookies.learn(rootAttrs, paths.root());
      this.watcher = new HostWatcher(cookies);
      this.watcher.watch(rootCookie);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + root, e);
    }
  }

  /** The served directory (its real path). */
  public Path root() {
    return paths.root();
  }

  /** The root's cookie: the inode number of the served directory. */
  public Cookie rootCookie() {
    return rootCookie;
  }

  /**
   * {@code true} if the host file system of the served directory stores user extended attributes (probed by setting
   * and removing one on the root). Without them every extended-attribute op is EOPNOTSUPP.
   */
  public boolean supportsUserXattrs() {
    return HostXattrs.supported(paths.root());
  }

  /** Stops watching the host directory. The server still answers requests. */
  @Override
  public void close() {
    watcher.close();
  }

  // ---------------------------------------------------------------------------------------------- mount-wide ops

  @Override
  public MountSpec mountSpec() {
    long rootSize = 0;
    Statvfs stats = Statvfs.ZERO;
    try {
      rootSize = HostAttributes.read(paths.root()).size();
      stats = statvfsNow();
    } catch (IOException | PuffsException e) {
      // Called on the runtime's actor thread: describe the mount anyway; the next op will report the problem.
      log.warn("cannot stat the served directory {}: {}", paths.root(), e.getMessage());
    }
    return MountSpec.builder()
        .typeName(TYPE_NAME)
        .mntFromName(paths.root().toString())
        .rootCookie(rootCookie)
        .rootVtype(VType.VDIR)
        .rootSize(rootSize)
        .fhSize(FileHandles.SIZE)
        .statvfs(stats)
        .recoveryMode(RecoveryMode.REATTACH)
        .build();
  }

  @Override
  public void mounted(Sop sop) {
    if (!options.watch()) {
      return;
    }
    try {
      watcher.start(sop);
    } catch (IOException e) {
      log.warn("cannot watch {} ({}); changes made behind the server's back go unnoticed", paths.root(),
          e.getMessage());
    }
  }

  @Override
  public void onError(ErrorReport report, Cookie cookie) {
    log.warn("the engine reported a protocol error for {}: {}", cookie, report);
  }

  @Override
  public Statvfs statvfs(RequestContext ctx) {
    return statvfsNow();
  }

  @Override
  public OpReply.NodeInfo fhToNode(RequestContext ctx, FileHandle handle) {
    long[] fh = FileHandles.decode(handle);
    HostNode node = cookies.resolve(Cookie.of(FileHandles.cookieOf(fh[1], fh[2])));
    FileHandles.check(fh, node.attrs());
    if (node.attrs().isDirectory()) {
      watcher.watch(node.cookie());
    }
    HostAttributes a = node.attrs();
    return new OpReply.NodeInfo(a.cookie(), a.type(), a.size(), a.rdev());
  }

  @Override
  public FileHandle nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    HostNode n = cookies.resolve(node);
    if (bufferSize < FileHandles.SIZE) {
      throw new PuffsException(Errno.E2BIG, "a handle needs " + FileHandles.SIZE + " bytes");
    }
    return FileHandles.encode(n.attrs());
  }

  // ---------------------------------------------------------------------------------------------- names

  @Override
  public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    HostNode d = directory(ctx.cred(), dir);
    String name = HostPaths.checkName(cn.name());
    HostNode found;
    if (name.equals(".")) {
      found = d;
    } else if (name.equals("..")) {
      Path parent = paths.parent(d.path());
      found = new HostNode(parent, stat(parent));
    } else {
      Path child = paths.child(d.path(), name);
      found = new HostNode(child, stat(child));
    }
    if (found.attrs().dev() != rootDev) {
      throw new PuffsException(Errno.EXDEV, "another file system is mounted at " + found.path());
    }
    learn(found);
    return newNode(found);
  }

  @Override
  public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    VType type = va.type() == VType.VNON ? VType.VREG : va.type();
    if (type != VType.VREG && type != VType.VSOCK) {
      throw new PuffsException(Errno.EINVAL, "CREATE makes files and sockets, not " + type);
    }
    return makeNode(ctx.cred(), dir, cn, type, modeOr(va, 0644), 0, null);
  }

  @Override
  public OpReply.NewNode mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    VType type = va.type() == VType.VNON ? VType.VREG : va.type();
    switch (type) {
      case VREG:
      case VFIFO:
      case VSOCK:
        break;
      case VCHR:
      case VBLK:
        if (!ctx.cred().isSuperuser()) {
          throw new PuffsException(Errno.EPERM, "only the superuser makes device nodes");
        }
        break;
      default:
        throw new PuffsException(Errno.EINVAL, "MKNOD cannot make a " + type);
    }
    long rdev = Vattr.isSet(va.rdev()) ? va.rdev() : 0;
    return makeNode(ctx.cred(), dir, cn, type, modeOr(va, 0644), rdev, null);
  }

  @Override
  public OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return makeNode(ctx.cred(), dir, cn, VType.VDIR, modeOr(va, 0755), 0, null);
  }

  @Override
  public OpReply.NewNode symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va, String link) {
    if (link.isEmpty()) {
      throw new PuffsException(Errno.ENOENT, "empty link target");
    }
    if (link.indexOf('\0') >= 0) {
      throw new PuffsException(Errno.EINVAL, "NUL in link target");
    }
    if (link.getBytes(StandardCharsets.UTF_8).length >= PuffsConstants.MAXPATHLEN) {
      throw new PuffsException(Errno.ENAMETOOLONG);
    }
    return makeNode(ctx.cred(), dir, cn, VType.VLNK, 0777, 0, link);
  }

  @Override
  public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    HostNode d = directory(ctx.cred(), dir);
    if (HostPaths.isDot(cn.name())) {
      throw new PuffsException(Errno.EISDIR, "REMOVE of " + cn.name()); // unlink(2): both name directories
    }
    HostNode victim = entry(d, cn.name(), target);
    Permissions.checkModifyEntries(ctx.cred(), d.attrs());
    Permissions.checkSticky(ctx.cred(), d.attrs(), victim.attrs());
    if (victim.attrs().isDirectory()) {
      throw new PuffsException(Errno.EISDIR, "REMOVE of a directory");
    }
    if (victim.attrs().nlink() <= 1 && openFiles.isOpen(victim.cookie())) {
      openFiles.adopt(victim.cookie(), victim.path(), victim.attrs());
    }
    try (HostWatcher.OwnChange change = watcher.change(withNames(victim, d.path()))) {
      unlink(d.path(), victim.path(), false);
    }
    cookies.forget(victim.cookie(), victim.path());
    if (victim.attrs().nlink() <= 1) {
      // The last name is gone: let the engine recycle the vnode at once, so the inode number (the cookie) can be
      // handed out again by the host without meeting a vnode the engine still keeps.
      ctx.setback(Setbacks.NOREF_N2);
    }
  }

  @Override
  public void rmdir(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    HostNode d = directory(ctx.cred(), dir);
    if (cn.name().equals("..")) {
      throw new PuffsException(Errno.ENOTEMPTY, "RMDIR of .."); // Linux: ".." always holds the directory itself
    }
    HostNode victim = entry(d, cn.name(), target);
    Permissions.checkModifyEntries(ctx.cred(), d.attrs());
    Permissions.checkSticky(ctx.cred(), d.attrs(), victim.attrs());
    if (!victim.attrs().isDirectory()) {
      throw new PuffsException(Errno.ENOTDIR);
    }
    try (HostWatcher.OwnChange change = watcher.change(d.path(), victim.path())) {
      unlink(d.path(), victim.path(), true);
    }
    cookies.forget(victim.cookie(), victim.path());
    ctx.setback(Setbacks.NOREF_N2);
  }

  @Override
  public void link(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    HostNode d = directory(ctx.cred(), dir);
    String name = HostPaths.checkName(cn.name());
    if (HostPaths.isDot(name)) {
      throw new PuffsException(Errno.EEXIST);
    }
    HostNode existing = cookies.resolve(target);
    Path child = paths.child(d.path(), name);
    if (exists(child)) {
      throw new PuffsException(Errno.EEXIST);
    }
    Permissions.checkModifyEntries(ctx.cred(), d.attrs());
    // After the name and the permissions, as Linux's vfs_link checks: linking a directory onto a taken name is EEXIST.
    if (existing.attrs().isDirectory()) {
      throw new PuffsException(Errno.EPERM, "no hard links to directories");
    }
    try (HostWatcher.OwnChange change = watcher.change(withNames(existing, d.path(), child))) {
      HostErrors.run(() -> Files.createLink(child, existing.path()));
    }
    cookies.learn(existing.attrs(), child);
  }

  @Override
  public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName, Cookie targetDir,
      Cookie target, ComponentName targetName) {
    Cred cred = ctx.cred();
    HostNode sd = directory(cred, sourceDir);
    HostNode td = sourceDir.equals(targetDir) ? sd : directory(cred, targetDir);
    HostNode moving = entry(sd, sourceName.name(), source);
    String newName = HostPaths.checkName(targetName.name());
    if (HostPaths.isDot(newName)) {
      throw new PuffsException(Errno.EINVAL, "cannot rename to " + newName);
    }
    Path to = paths.child(td.path(), newName);
    HostAttributes replaced = statOrNull(to);
    if (replaced != null && replaced.ino() == moving.attrs().ino()) {
      return; // Two names of one file: rename(2) does nothing.
    }
    Permissions.checkModifyEntries(cred, sd.attrs());
    Permissions.checkModifyEntries(cred, td.attrs());
    Permissions.checkSticky(cred, sd.attrs(), moving.attrs());
    if (replaced != null) {
      Permissions.checkSticky(cred, td.attrs(), replaced);
      if (replaced.isDirectory() && !moving.attrs().isDirectory()) {
        // Checked here: Linux's rename(2) says ENOTEMPTY when the directory is an ancestor of the file.
        throw new PuffsException(Errno.EISDIR, "a file cannot replace a directory");
      }
    }
    if (moving.attrs().isDirectory() && !sd.path().equals(td.path())) {
      // Its ".." entry changes, which writes to the directory itself.
      Permissions.check(cred, moving.attrs(), AccessMode.VWRITE);
    }
    if (replaced != null && replaced.isRegular() && replaced.nlink() <= 1 && openFiles.isOpen(replaced.cookie())) {
      openFiles.adopt(replaced.cookie(), to, replaced);
    }
    try (HostWatcher.OwnChange change = watcher.change(sd.path(), td.path(), moving.path(), to)) {
      HostErrors.run(() -> Files.move(moving.path(), to, StandardCopyOption.ATOMIC_MOVE));
    }
    if (replaced != null) {
      cookies.forget(replaced.cookie(), to);
      if (replaced.isDirectory() || replaced.nlink() <= 1) {
        // As in remove: the replaced node's last name is gone, so let the engine recycle it before the host hands
        // its inode number (the cookie) out again.
        ctx.setback(Setbacks.NOREF_N2);
      }
    }
    cookies.renamed(moving.path(), to);
  }

  @Override
  public OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    if (offset < 0 || resid < 0 || ncookies < 0) {
      // Offsets are 62-bit hashes, never negative: a negative one was not this server's.
      throw new PuffsException(Errno.EINVAL, "negative offset, resid or ncookies");
    }
    HostNode d = cookies.resolve(dir);
    if (!d.attrs().isDirectory()) {
      throw new PuffsException(Errno.ENOTDIR);
    }
    List<String> names = new ArrayList<>();
    HostErrors.run(() -> {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(d.path())) {
        for (Path p : stream) {
          names.add(p.getFileName().toString());
        }
      }
    });
    List<DirectoryOffsets.Slot> slots = DirectoryOffsets.after(offset, names);
    int n = DirectoryOffsets.fit(slots, resid, ncookies);
    List<DirEntry> entries = new ArrayList<>(n);
    List<Long> offsets = new ArrayList<>(n);
    long used = 0;
    for (DirectoryOffsets.Slot slot : slots.subList(0, n)) {
      DirEntry entry = direntOf(d, slot.name());
      if (entry == null) {
        continue; // Removed since it was listed.
      }
      entries.add(entry);
      offsets.add(slot.offset());
      used += entry.recordLength();
    }
    long next = n == 0 ? offset : slots.get(n - 1).offset();
    return new OpReply.Entries(entries, ncookies > 0 ? offsets : List.of(), next, resid - used, n == slots.size());
  }

  @Override
  public String readlink(RequestContext ctx, Cookie node, int linklen) {
    HostNode n = cookies.resolve(node);
    if (!n.attrs().isSymlink()) {
      throw new PuffsException(Errno.EINVAL, "not a symbolic link");
    }
    String link = HostErrors.call(() -> Files.readSymbolicLink(n.path()).toString());
    if (link.getBytes(StandardCharsets.UTF_8).length != n.attrs().size()) {
      link = SpecialFiles.readlink(n.path()); // the JDK normalised it: lstat's size is the target's true length
    }
    byte[] utf8 = link.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= linklen) {
      return link;
    }
    // readlink(2) truncates to the buffer; do so at a character boundary.
    int end = Math.max(0, linklen);
    while (end > 0 && (utf8[end] & 0xc0) == 0x80) {
      end--;
    }
    return new String(utf8, 0, end, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------- attributes

  @Override
  public int open(RequestContext ctx, Cookie node, int mode) {
    HostNode n = cookies.resolve(node);
    int want = 0;
    if ((mode & OpenFlags.FREAD) != 0) {
      want |= AccessMode.VREAD;
    }
    if ((mode & (OpenFlags.FWRITE | OpenFlags.O_TRUNC)) != 0) {
      want |= AccessMode.VWRITE;
      if (n.attrs().isDirectory()) {
        throw new PuffsException(Errno.EISDIR);
      }
    }
    Permissions.check(ctx.cred(), n.attrs(), want);
    if (n.attrs().isRegular()) {
      openFiles.opened(node);
    }
    return 0;
  }

  /** CLOSE: the last close of a file whose name was removed while open lets the host free it. */
  @Override
  public void close(RequestContext ctx, Cookie node, int fflag) {
    openFiles.closed(node);
  }

  /** RECLAIM: the engine forgot the node; an unlinked file it kept open is let go. */
  @Override
  public void reclaim(RequestContext ctx, Cookie node, long nlookup) {
    openFiles.reclaimed(node);
  }

  @Override
  public void access(RequestContext ctx, Cookie node, int mode) {
    HostNode n = cookies.resolve(node);
    if ((mode & AccessMode.VWRITE) != 0 && store.isReadOnly()) {
      throw new PuffsException(Errno.EROFS);
    }
    Permissions.check(ctx.cred(), n.attrs(), mode);
  }

  @Override
  public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    OpenFiles.Orphan orphan = openFiles.orphan(node);
    if (orphan != null) {
      return OpReply.Attributes.of(vattr(orphan.attributes()));
    }
    return OpReply.Attributes.of(vattr(cookies.resolve(node).attrs()));
  }

  @Override
  public OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
    OpenFiles.Orphan orphan = openFiles.orphan(node);
    if (orphan != null) {
      return OpReply.Attributes.of(vattr(orphan.setattr(ctx.cred(), va)));
    }
    HostNode n = cookies.resolve(node);
    try (HostWatcher.OwnChange change = watcher.change(n.path())) {
      AttributeChanges.apply(ctx.cred(), n, va);
    }
    return OpReply.Attributes.of(vattr(stat(n.path())));
  }

  /** SEEK: lseek(2) to a negative offset is EINVAL; any other offset is fine (holes read as zeros). */
  @Override
  public void seek(RequestContext ctx, Cookie node, long oldoff, long newoff) {
    if (newoff < 0) {
      throw new PuffsException(Errno.EINVAL, "negative offset");
    }
  }

  @Override
  public long pathconf(RequestContext ctx, Cookie node, int name) {
    cookies.resolve(node);
    switch (name) {
      case PathconfName.LINK_MAX:
        return LINK_MAX;
      case PathconfName.MAX_CANON:
      case PathconfName.MAX_INPUT:
      case PathconfName.NAME_MAX:
        return PuffsConstants.NAME_MAX;
      case PathconfName.PATH_MAX:
        return PuffsConstants.MAXPATHLEN;
      case PathconfName.PIPE_BUF:
        return 4096;
      case PathconfName.CHOWN_RESTRICTED:
      case PathconfName.NO_TRUNC:
      case PathconfName.SYNC_IO:
      case PathconfName.TWO_SYMLINKS:
        return 1;
      case PathconfName.VDISABLE:
        return 0xff;
      case PathconfName.FILESIZEBITS:
        return 64;
      case PathconfName.SYMLINK_MAX:
        return PuffsConstants.MAXPATHLEN - 1;
      default:
        throw new PuffsException(Errno.EINVAL, "no pathconf value " + name);
    }
  }

  // ---------------------------------------------------------------------------------------------- data

  @Override
  public Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    OpenFiles.Orphan orphan = openFiles.orphan(node);
    if (orphan != null) {
      return orphan.read(offset, resid);
    }
    HostNode n = regularFile(cookies.resolve(node));
    return HostFiles.read(n.path(), offset, resid);
  }

  @Override
  public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    OpenFiles.Orphan orphan = openFiles.orphan(node);
    if (orphan != null) {
      orphan.write(offset, (ioflag & IoFlags.IO_APPEND) != 0, data);
      return 0;
    }
    HostNode n = regularFile(cookies.resolve(node));
    try (HostWatcher.OwnChange change = watcher.change(n.path())) {
      HostFiles.write(n.path(), offset, (ioflag & IoFlags.IO_APPEND) != 0, data);
      dropSetIdAfterWrite(ctx.cred(), n);
    }
    if ((ioflag & IoFlags.IO_DSYNC) != 0) {
      HostFiles.fsync(n.path(), (ioflag & IoFlags.IO_SYNC) == IoFlags.IO_SYNC);
    }
    return 0;
  }

  @Override
  public void fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
    OpenFiles.Orphan orphan = openFiles.orphan(node);
    if (orphan != null) {
      orphan.fsync();
      return;
    }
    HostNode n = cookies.resolve(node);
    if (n.attrs().isRegular() || n.attrs().isDirectory()) {
      HostFiles.fsync(n.path(), true);
    }
  }

  @Override
  public void fallocate(RequestContext ctx, Cookie node, long offset, long length) {
    HostNode n = allocatable(cookies.resolve(node));
    try (HostWatcher.OwnChange change = watcher.change(n.path())) {
      HostFiles.allocate(n.path(), offset, length);
    }
  }

  @Override
  public void fdiscard(RequestContext ctx, Cookie node, long offset, long length) {
    HostNode n = allocatable(cookies.resolve(node));
    try (HostWatcher.OwnChange change = watcher.change(n.path())) {
      HostFiles.discard(n.path(), offset, length);
    }
  }

  @Override
  public Flock advlock(RequestContext ctx, Cookie node, Flock lock, long id, VnOp.Advlock.LockOp op, int flags) {
    OpenFiles.Orphan orphan = openFiles.orphan(node);
    HostAttributes attrs = orphan != null ? orphan.attributes() : cookies.resolve(node).attrs();
    Flock owned = lock.pid() != 0 ? lock : new Flock(lock.type(), lock.whence(), lock.start(), lock.len(), ctx.pid());
    long[] range = (flags & VnOp.Advlock.F_FLOCK) != 0
        ? new long[] {0, Long.MAX_VALUE}
        : LockTable.range(owned, attrs.size());
    switch (op) {
      case GETLK:
        if (owned.type() == Flock.LockType.UNLCK) {
          throw new PuffsException(Errno.EINVAL, "GETLK of type UNLCK"); // fcntl(2): F_GETLK needs a lock type
        }
        return locks.getlk(node, id, owned, range[0], range[1]);
      case SETLK:
        locks.setlk(node, id, owned, range[0], range[1], (flags & VnOp.Advlock.F_WAIT) != 0);
        return owned;
      default:
        locks.unlock(node, id, range[0], range[1]);
        return owned;
    }
  }

  // ---------------------------------------------------------------------------------------------- extended attributes

  @Override
  public OpReply.Extattr getextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, boolean wantSize,
      long resid) {
    HostNode n = cookies.resolve(node);
    Permissions.check(ctx.cred(), n.attrs(), AccessMode.VREAD);
    return HostXattrs.get(n, attrNamespace, name, wantSize, resid);
  }

  @Override
  public void setextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, Bytes data) {
    HostNode n = cookies.resolve(node);
    Permissions.check(ctx.cred(), n.attrs(), AccessMode.VWRITE);
    try (HostWatcher.OwnChange change = watcher.change(n.path())) {
      HostXattrs.set(n, attrNamespace, name, data);
    }
  }

  @Override
  public OpReply.Extattr listextattr(RequestContext ctx, Cookie node, int attrNamespace, boolean wantSize, long resid,
      int flags) {
    HostNode n = cookies.resolve(node);
    Permissions.check(ctx.cred(), n.attrs(), AccessMode.VREAD);
    return HostXattrs.list(n, attrNamespace, wantSize, resid, flags);
  }

  @Override
  public void deleteextattr(RequestContext ctx, Cookie node, int attrNamespace, String name) {
    HostNode n = cookies.resolve(node);
    Permissions.check(ctx.cred(), n.attrs(), AccessMode.VWRITE);
    try (HostWatcher.OwnChange change = watcher.change(n.path())) {
      HostXattrs.delete(n, attrNamespace, name);
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** The directory {@code dir} names, after checking the caller may search it. */
  private HostNode directory(Cred cred, Cookie dir) {
    HostNode d = cookies.resolve(dir);
    if (!d.attrs().isDirectory()) {
      throw new PuffsException(Errno.ENOTDIR);
    }
    Permissions.checkSearch(cred, d.attrs());
    return d;
  }

  /**
   * The existing entry {@code name} of {@code dir}, which the engine believes is {@code expected}.
   *
   * @throws PuffsException ENOENT if absent, or if another node than the engine's is there now (the name the engine
   *     meant is gone: the errno matrix's answer)
   */
  private HostNode entry(HostNode dir, String name, Cookie expected) {
    HostPaths.checkName(name);
    if (HostPaths.isDot(name)) {
      throw new PuffsException(Errno.EINVAL, "cannot remove or rename " + name);
    }
    Path path = paths.child(dir.path(), name);
    HostAttributes attrs = stat(path);
    if (!expected.isNone() && !attrs.cookie().equals(expected)) {
      throw new PuffsException(Errno.ENOENT, name + " is no longer node " + expected);
    }
    return new HostNode(path, attrs);
  }

  /**
   * Makes a node of {@code type} named {@code cn} in {@code dir} for {@code cred}: CREATE, MKNOD, MKDIR and SYMLINK.
   * The node is made private to the server first and then given to the caller with its final mode, so that nobody
   * sees it with the server's ownership.
   */
  private OpReply.NewNode makeNode(Cred cred, Cookie dir, ComponentName cn, VType type, int requestedMode, long rdev,
      String link) {
    HostNode d = directory(cred, dir);
    String name = HostPaths.checkName(cn.name());
    if (HostPaths.isDot(name)) {
      throw new PuffsException(Errno.EEXIST);
    }
    Path child = paths.child(d.path(), name);
    if (exists(child)) {
      throw new PuffsException(Errno.EEXIST);
    }
    Permissions.checkModifyEntries(cred, d.attrs());
    boolean setgidDir = (d.attrs().mode() & HostAttributes.S_ISGID) != 0;
    int gid = setgidDir || cred.isInternal() ? d.attrs().gid() : cred.gid();
    int mode = requestedMode & 07777;
    if (type == VType.VDIR && setgidDir) {
      mode |= HostAttributes.S_ISGID; // Linux: subdirectories of a set-group-id directory inherit the bit.
    }
    if ((mode & HostAttributes.S_ISGID) != 0 && type != VType.VDIR && !cred.isSuperuser() && !cred.inGroup(gid)) {
      mode &= ~HostAttributes.S_ISGID;
    }
    try (HostWatcher.OwnChange change = watcher.change(d.path(), child)) {
      HostErrors.run(() -> {
        switch (type) {
          case VREG:
            Files.createFile(child, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            break;
          case VDIR:
            Files.createDirectory(child, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            break;
          case VLNK:
            if (child.getFileSystem().getPath(link).toString().equals(link)) {
              Files.createSymbolicLink(child, child.getFileSystem().getPath(link));
            } else {
              SpecialFiles.symlink(child, link); // a Path would drop doubled and trailing slashes
            }
            break;
          default:
            SpecialFiles.make(child, type, 0600, rdev);
            break;
        }
      });
      try {
        if (ServerProcess.isRoot() && !cred.isInternal()) {
          int g = gid;
          HostErrors.run(() -> Files.setAttribute(child, "unix:gid", g, LinkOption.NOFOLLOW_LINKS));
          HostErrors.run(() -> Files.setAttribute(child, "unix:uid", cred.uid(), LinkOption.NOFOLLOW_LINKS));
        }
        if (type != VType.VLNK) {
          AttributeChanges.setMode(child, type, mode);
        }
      } catch (PuffsException e) {
        // Do not leave a half-made node behind, owned by the server.
        unlinkQuietly(d.path(), child, type == VType.VDIR);
        throw e;
      }
    }
    HostNode made = new HostNode(child, stat(child));
    learn(made);
    return newNode(made);
  }

  /** Unlinks {@code path} from {@code dir}: as a directory ({@code rmdir}) or as anything but one ({@code unlink}). */
  private static void unlink(Path dir, Path path, boolean directory) {
    Path name = path.getFileName();
    HostErrors.run(() -> {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        // unlinkat relative to the directory: no race can make it remove a directory instead of a file or
        // follow a link that replaced a directory on the way.
        if (stream instanceof SecureDirectoryStream<Path> secure) {
          if (directory) {
            secure.deleteDirectory(name);
          } else {
            secure.deleteFile(name);
          }
          return;
        }
      }
      Files.delete(path);
    });
  }

  private static void unlinkQuietly(Path dir, Path path, boolean directory) {
    try {
      unlink(dir, path, directory);
    } catch (PuffsException e) {
      log.warn("could not remove half-made {}: {}", path, e.getMessage());
    }
  }

  /** The entry of READDIR for {@code name}, or null if it is gone. */
  private DirEntry direntOf(HostNode dir, String name) {
    if (name.equals(".")) {
      return new DirEntry(dir.attrs().ino(), ".", VType.VDIR);
    }
    if (name.equals("..")) {
      Path parent = paths.parent(dir.path());
      return new DirEntry(stat(parent).ino(), "..", VType.VDIR);
    }
    Path child = dir.path().resolve(name);
    HostAttributes attrs = statOrNull(child);
    if (attrs == null) {
      return null;
    }
    cookies.learn(attrs, child);
    return new DirEntry(attrs.ino(), name, attrs.type());
  }

  /** {@code extra} paths and every name the server knows for {@code node}: what a change of its link count touches. */
  private Path[] withNames(HostNode node, Path... extra) {
    List<Path> all = new ArrayList<>(List.of(extra));
    all.add(node.path());
    all.addAll(cookies.pathsOf(node.cookie()));
    return all.toArray(new Path[0]);
  }

  private void learn(HostNode node) {
    cookies.learn(node);
    if (node.attrs().isDirectory()) {
      watcher.watch(node.cookie());
    }
  }

  private OpReply.NewNode newNode(HostNode node) {
    return OpReply.NewNode.of(node.cookie(), vattr(node.attrs()));
  }

  private Vattr vattr(HostAttributes attrs) {
    return attrs.toVattr(blocksize, FileHandles.generation(attrs));
  }

  /**
   * A write by an ordinary user clears set-user-ID, and set-group-ID if group-executable (without it the bit marks
   * mandatory locking), as the kernel does; the host does not, since the server writes with its own privileges.
   */
  private static void dropSetIdAfterWrite(Cred cred, HostNode node) {
    if (cred.kind() != Cred.Kind.USER || cred.isSuperuser()
        || setIdDropped(node.attrs().permissions()) == node.attrs().permissions()) {
      return;
    }
    // Read again: a server not running as root has had the host clear the bits already.
    int mode = stat(node.path()).permissions();
    if (setIdDropped(mode) != mode) {
      AttributeChanges.setMode(node.path(), VType.VREG, setIdDropped(mode));
    }
  }

  private static int setIdDropped(int mode) {
    int dropped = mode & ~HostAttributes.S_ISUID;
    return (mode & 0010) != 0 ? dropped & ~HostAttributes.S_ISGID : dropped;
  }

  private static HostNode regularFile(HostNode node) {
    if (node.attrs().isDirectory()) {
      throw new PuffsException(Errno.EISDIR);
    }
    if (!node.attrs().isRegular()) {
      // FIFOs and devices are served by the engine (puffs' fifo and spec vnodes), never by reading the host node.
      throw new PuffsException(Errno.EINVAL, "not a regular file");
    }
    return node;
  }

  private static HostNode allocatable(HostNode node) {
    if (node.attrs().isDirectory()) {
      throw new PuffsException(Errno.EISDIR);
    }
    if (!node.attrs().isRegular()) {
      throw new PuffsException(Errno.ENODEV, "not a regular file");
    }
    return node;
  }

  private static HostAttributes stat(Path path) {
    return HostErrors.call(() -> HostAttributes.read(path));
  }

  private static HostAttributes statOrNull(Path path) {
    try {
      return HostAttributes.read(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  private static boolean exists(Path path) {
    return statOrNull(path) != null;
  }

  private static int modeOr(Vattr va, int fallback) {
    return va.mode() == (int) Vattr.VNOVAL ? fallback : va.mode() & 07777;
  }

  private Statvfs statvfsNow() {
    return HostErrors.call(() -> {
      long bs = blocksize;
      long total = store.getTotalSpace();
      long free = store.getUnallocatedSpace();
      long avail = store.getUsableSpace();
      return Statvfs.builder()
          .flag(store.isReadOnly() ? ST_RDONLY : 0)
          .bsize(bs)
          .frsize(bs)
          .iosize(bs)
          .blocks(total / bs)
          .bfree(free / bs)
          .bavail(avail / bs)
          .bresvd(Math.max(0, free - avail) / bs)
          .fsidx(rootDev)
          .fsid(rootDev)
          .namemax(PuffsConstants.NAME_MAX)
          .owner(HostAttributes.read(paths.root()).uid())
          .fstypename(TYPE_NAME)
          .mntfromname(paths.root().toString())
          .build();
    });
  }

  private static long blockSizeOf(FileStore store) {
    try {
      long bs = store.getBlockSize();
      return bs > 0 ? bs : PuffsConstants.DEV_BSIZE;
    } catch (IOException | UnsupportedOperationException e) {
      return 4096;
    }
  }
}
