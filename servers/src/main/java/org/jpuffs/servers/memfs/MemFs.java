package org.jpuffs.servers.memfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.IoFlags;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PathconfName;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.ExtattrReplies;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.servers.memfs.Directory.Entry;

/**
 * memfs: an in-memory file system with POSIX semantics, jpuffs' reference server (puffs' dtfs in spirit). Regular
 * files (sparse), directories, symlinks, hard links, device nodes, FIFOs and sockets; permissions, sticky
 * directories, extended attributes, advisory locks, stable file handles, READDIR offsets that survive changes, and a
 * versioned snapshot of the whole tree. docs/servers.md lists every errno each op returns.
 *
 * <p><b>Identity.</b> A node's cookie, file id and READDIR file number are its inode number; inode numbers are never
 * reused. The root is inode {@value NodeTable#ROOT_INODE}. A node whose last name is removed stays, and keeps
 * counting against the capacity, until the engine has reclaimed every reference it got from LOOKUP and the creating
 * ops (libpuffs' {@code nlookup} accounting), so an open unlinked file keeps working. A server called directly,
 * without an engine, must call {@link #reclaim} to free such nodes.
 *
 * <p><b>Capacity.</b> {@link Builder#maxBytes} bounds the storage held (file data in 4 KiB chunks that are only as
 * long as their data, symlink targets, extended attributes; holes are free) and {@link Builder#maxNodes} the number
 * of nodes; beyond them ops fail with ENOSPC and STATVFS shows the room left. The defaults are half the JVM's maximum
 * heap for bytes and one node per KiB of that for nodes, so a large copy cannot exhaust the heap.
 *
 * <p><b>Memory.</b> An empty regular file costs about 420 bytes of heap (404 to 445 depending on the collector): the
 * node, its empty data holder, the directory entry in two maps, the node-table slot and the name. Measured with
 * 100,000 eight-character names in one directory on OpenJDK 17 (64-bit, compressed oops) by the test-tree class
 * {@code EmptyFileMemory}; see docs/servers.md.
 *
 * <p><b>Threads.</b> Safe for concurrent calls, as {@code ServerRuntime} makes them. One read-write lock guards the
 * namespace: ops that add, remove or move names take it exclusively, everything else shares it. Data and attribute
 * changes of one node are serialised by that node's monitor, so reads and writes of different files run in parallel.
 * An advisory lock request with {@code F_WAIT} blocks its calling thread until granted, holding no tree lock.
 *
 * <p><b>Permissions.</b> Checked as a kernel file system checks them, with the request's credentials: search
 * permission to look up, write and search permission on a directory to change it, the sticky rule, chmod/chown/utimes
 * ownership rules, OPEN and ACCESS against the mode. READ and WRITE check nothing: they act on a file the engine has
 * opened, and an fd stays usable after a chmod.
 *
 * <p><b>Caching.</b> A memfs changes only through its ops, so an engine that sends them all knows every change and
 * may answer from its caches. By default memfs mounts with {@code KFLAG_CACHE_FS_TTL} and gives its LOOKUP, CREATE
 * (and the other node-making ops), GETATTR and SETATTR answers an attribute and name TTL of
 * {@link #DEFAULT_CACHE_TTL}, so the engine answers getattr and repeated lookups without a round trip; and with
 * {@code KFLAG_IAONDEMAND}, so INACTIVE is sent only for the nodes memfs asks it for (those that lost their last
 * name). The one thing a cache hit can show stale is the access time of reads and directory listings the engine
 * did not see through an attribute-changing op, for at most the TTL. A memfs that is changed behind the engine's
 * back (called directly while mounted, or mounted twice) must turn this off: {@link Builder#cacheTtl} with
 * {@link Duration#ZERO}.
 */
public final class MemFs implements FileSystemServer {

  /** {@code LINK_MAX}: most names a node may have; a directory's limit on subdirectories, too. */
  public static final int LINK_MAX = 32767;
  /** The largest extended-attribute value (Linux {@code XATTR_SIZE_MAX}). */
  public static final int XATTR_SIZE_MAX = 65536;
  /** {@code PIPE_BUF} as NetBSD defines it. */
  static final int PIPE_BUF = 512;
  /** The type name the mount carries. */
  public static final String TYPE_NAME = "memfs";
  /** The most bytes one READ answers, so that a huge resid cannot overflow an array. */
  private static final int MAX_READ = Integer.MAX_VALUE - 8;

  /** The attribute and name TTL memfs gives by default: an hour, for nothing but memfs's own ops changes it. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);

  private static final System.Logger LOG = System.getLogger(MemFs.class.getName());

  private final ReentrantReadWriteLock treeLock = new ReentrantReadWriteLock();
  private final LockTable locks = new LockTable();
  private final Clock clock;
  private final long maxBytes;
  private final long maxNodes;
  /** The TTL in every attribute and node answer; {@link Timespec#ZERO} ("not given") when caching is off. */
  private final Timespec cacheTtl;
  private final boolean inactiveOnDemand;
  /**
   * Replaced by {@link #restore}; read and written under {@link #treeLock}. Volatile only so that a memfs published
   * without synchronisation still shows its initial table to other threads.
   */
  private volatile NodeTable table;

  /** A memfs with the default capacity and the system clock. */
  public MemFs() {
    this(builder());
  }

  private MemFs(Builder b) {
    this.clock = b.clock;
    this.maxBytes = b.maxBytes;
    this.maxNodes = b.maxNodes;
    this.cacheTtl = Timespec.of(b.cacheTtl);
    this.inactiveOnDemand = b.inactiveOnDemand;
    long fsid = b.fsid != null ? b.fsid : ThreadLocalRandom.current().nextLong();
    this.table = NodeTable.withRoot(new Capacity(maxBytes, maxNodes), fsid, now());
  }

  /** A builder for a memfs with limits, a clock or a file-system id of its choice. */
  public static Builder builder() {
    return new Builder();
  }

  /** The root directory's cookie (also in {@link #mountSpec()}). */
  public Cookie rootCookie() {
    return Cookie.of(NodeTable.ROOT_INODE);
  }

  // ---- VFS ops --------------------------------------------------------------------------------------------------

  /**
   * typeName "memfs", the root, 16-byte handles, REPLAY recovery (a memfs forgets everything when it dies);
   * KFLAGs CACHE_FS_TTL and IAONDEMAND unless the builder turned them off.
   */
  @Override
  public MountSpec mountSpec() {
    return reading(() -> MountSpec.builder()
        .typeName(TYPE_NAME)
        .mntFromName(TYPE_NAME)
        .rootCookie(rootCookie())
        .rootVtype(VType.VDIR)
        .rootSize(table.root().size())
        .rootRdev(0)
        .kflags(kflags())
        .fhSize(FileHandles.SIZE)
        .fhFlags(0)
        .statvfs(stats())
        .recoveryMode(RecoveryMode.REPLAY)
        .build());
  }

  /** memfs works in memory: its ops never block (a blocking lock request waits on a thread the runtime gives it). */
  @Override
  public boolean opsNeverBlock() {
    return true;
  }

  /** Counts from the capacity: 4 KiB blocks of {@code maxBytes}, files of {@code maxNodes}. */
  @Override
  public Statvfs statvfs(RequestContext ctx) {
    return reading(this::stats);
  }

  /** Nothing to write back: memory is all there is. */
  @Override
  public void sync(RequestContext ctx, int waitfor) {
  }

  /** Agrees: nothing is lost that would not be lost anyway. */
  @Override
  public void unmount(RequestContext ctx, int flags) {
  }

  /**
   * Resolves a handle from {@link #nodeToFh}.
   *
   * @throws PuffsException ESTALE if the handle is not memfs's, or its node is gone (removed or freed, or another
   *     generation)
   */
  @Override
  public OpReply.NodeInfo fhToNode(RequestContext ctx, FileHandle handle) {
    FileHandles.Decoded fh = FileHandles.decode(handle);
    return reading(() -> {
      Node n = table.find(fh.inode());
      if (n == null || n.generation != fh.generation() || n.nlink == 0) {
        throw new PuffsException(Errno.ESTALE, "no node for handle " + fh);
      }
      return new OpReply.NodeInfo(NodeTable.cookie(n), n.type, n.size(), n.rdev);
    });
  }

  /**
   * A 16-byte handle: inode and generation.
   *
   * @throws PuffsException E2BIG if {@code bufferSize} is below 16; ESTALE for a removed node
   */
  @Override
  public FileHandle nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    return reading(() -> {
      Node n = table.get(node);
      if (n.nlink == 0) {
        throw new PuffsException(Errno.ESTALE, "node " + node + " has no name left");
      }
      if (bufferSize < FileHandles.SIZE) {
        throw new PuffsException(Errno.E2BIG, "a memfs handle needs " + FileHandles.SIZE + " bytes");
      }
      return FileHandles.encode(n.inode, n.generation);
    });
  }

  /** Writes the whole tree in the format of {@link MemFsSnapshot}; the file system is paused meanwhile. */
  @Override
  public void snapshot(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    treeLock.writeLock().lock();
    try {
      MemFsSnapshot.write(table, out);
    } finally {
      treeLock.writeLock().unlock();
    }
  }

  /**
   * Replaces the whole state with a snapshot's. The stream is read completely before anything changes, so a broken
   * snapshot leaves this memfs as it was. Advisory locks are dropped: they belonged to the processes of before.
   *
   * @throws IOException if the stream is not a snapshot this version can read
   * @throws PuffsException ENOSPC if the snapshot does not fit this memfs's capacity
   */
  @Override
  public void restore(InputStream in) throws IOException {
    NodeTable restored = MemFsSnapshot.read(in, new Capacity(maxBytes, maxNodes));
    treeLock.writeLock().lock();
    try {
      table = restored;
      locks.clear();
    } finally {
      treeLock.writeLock().unlock();
    }
  }

  // ---- names ------------------------------------------------------------------------------------------------------

  /**
   * "." is the directory, ".." its parent (the root's is the root). Each answer counts one engine reference.
   *
   * @throws PuffsException ENOTDIR, EACCES (no search permission), EINVAL/ENAMETOOLONG (bad name), ENOENT
   */
  @Override
  public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    return reading(() -> {
      Node d = directory(dir);
      d.checkAccess(ctx.cred(), AccessMode.VEXEC);
      return newNode(named(d, cn.name(), Cookie.NONE));
    });
  }

  /** A regular file ({@code va.type()} VREG or VNON) or a socket (VSOCK). */
  @Override
  public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    VType type = va.type() == VType.VNON ? VType.VREG : va.type();
    if (type != VType.VREG && type != VType.VSOCK) {
      throw new PuffsException(Errno.EINVAL, "CREATE makes VREG or VSOCK, not " + type);
    }
    return make(ctx, dir, cn, type, va, null);
  }

  /** A device (VCHR, VBLK: superuser only), a FIFO or a socket; the device number is {@code va.rdev()}. */
  @Override
  public OpReply.NewNode mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    VType type = va.type();
    if (type != VType.VCHR && type != VType.VBLK && type != VType.VFIFO && type != VType.VSOCK) {
      throw new PuffsException(Errno.EINVAL, "MKNOD makes devices, FIFOs and sockets, not " + type);
    }
    return make(ctx, dir, cn, type, va, null);
  }

  @Override
  public OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return make(ctx, dir, cn, VType.VDIR, va, null);
  }

  @Override
  public OpReply.NewNode symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va, String link) {
    Names.checkTarget(link);
    return make(ctx, dir, cn, VType.VLNK, va, link);
  }

  /**
   * Unlinks a non-directory. Unlinking a directory is EISDIR, as on Linux (NetBSD and POSIX allow EPERM).
   */
  @Override
  public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    writing(() -> {
      Cred cred = ctx.cred();
      Node d = directory(dir);
      d.checkAccess(cred, AccessMode.VEXEC);
      Node victim = named(d, cn.name(), target);
      d.checkAccess(cred, AccessMode.VWRITE);
      d.checkSticky(cred, victim);
      if (victim.isDir()) {
        throw new PuffsException(Errno.EISDIR, "REMOVE of a directory; use RMDIR");
      }
      Timespec now = now();
      d.dir.remove(cn.name());
      victim.nlink--;
      victim.changed(now);
      d.modified(now);
      unlinked(ctx, victim);
      return null;
    });
  }

  @Override
  public void rmdir(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    writing(() -> {
      Cred cred = ctx.cred();
      Node d = directory(dir);
      String name = cn.name();
      if (name.equals(".")) {
        throw new PuffsException(Errno.EINVAL, "RMDIR of \".\"");
      }
      if (name.equals("..")) {
        throw new PuffsException(Errno.ENOTEMPTY, "RMDIR of \"..\"");
      }
      d.checkAccess(cred, AccessMode.VEXEC);
      Node victim = named(d, name, target);
      d.checkAccess(cred, AccessMode.VWRITE);
      d.checkSticky(cred, victim);
      if (!victim.isDir()) {
        throw new PuffsException(Errno.ENOTDIR, "RMDIR of a " + victim.type);
      }
      if (!victim.dir.isEmpty()) {
        throw new PuffsException(Errno.ENOTEMPTY);
      }
      Timespec now = now();
      d.dir.remove(name);
      d.nlink--;
      victim.nlink = 0;
      victim.dir.setParent(null);
      victim.changed(now);
      d.modified(now);
      unlinked(ctx, victim);
      return null;
    });
  }

  @Override
  public void link(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    writing(() -> {
      Cred cred = ctx.cred();
      Node d = directory(dir);
      Node t = table.get(target);
      d.checkAccess(cred, AccessMode.VEXEC);
      String name = checkFreeName(d, cn.name());
      d.checkAccess(cred, AccessMode.VWRITE);
      if (t.isDir()) {
        throw new PuffsException(Errno.EPERM, "hard links to directories are not allowed");
      }
      if (d.nlink == 0 || t.nlink == 0) {
        throw new PuffsException(Errno.ENOENT, d.nlink == 0 ? "directory was removed" : "file was removed");
      }
      if (t.nlink >= LINK_MAX) {
        throw new PuffsException(Errno.EMLINK);
      }
      Timespec now = now();
      d.dir.add(name, t);
      t.nlink++;
      t.changed(now);
      d.modified(now);
      return null;
    });
  }

  /**
   * POSIX rename. A file may replace a file, a directory an empty directory; renaming a name onto another name of the
   * same node does nothing. The names decide, not the cookies: {@code source} must still be what {@code sourceName}
   * holds (else ENOENT), {@code target} is not needed because whatever {@code targetName} holds now is what gets
   * replaced. Never EXDEV: there is one file system.
   */
  @Override
  public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName, Cookie targetDir,
      Cookie target, ComponentName targetName) {
    writing(() -> {
      Cred cred = ctx.cred();
      Node sd = directory(sourceDir);
      Node td = directory(targetDir);
      String from = sourceName.name();
      String to = targetName.name();
      if (Names.isDotOrDotDot(from) || Names.isDotOrDotDot(to)) {
        throw new PuffsException(Errno.EINVAL, "RENAME of \".\" or \"..\"");
      }
      Names.check(from);
      Names.check(to);
      sd.checkAccess(cred, AccessMode.VEXEC);
      td.checkAccess(cred, AccessMode.VEXEC);
      Node src = named(sd, from, source);
      Entry te = td.dir.get(to);
      Node tgt = te == null ? null : te.node();
      if (tgt == src) {
        return null;
      }
      sd.checkAccess(cred, AccessMode.VWRITE);
      td.checkAccess(cred, AccessMode.VWRITE);
      sd.checkSticky(cred, src);
      if (tgt != null) {
        td.checkSticky(cred, tgt);
      }
      if (src.isDir()) {
        if (isAncestorOrSelf(src, td)) {
          throw new PuffsException(Errno.EINVAL, "a directory cannot move into itself");
        }
        if (tgt != null && !tgt.isDir()) {
          throw new PuffsException(Errno.ENOTDIR, "a directory cannot replace a " + tgt.type);
        }
        if (tgt != null && !tgt.dir.isEmpty()) {
          throw new PuffsException(Errno.ENOTEMPTY);
        }
        if (sd != td) {
          // its ".." changes, which is a write to the directory itself
          src.checkAccess(cred, AccessMode.VWRITE);
          if (tgt == null && td.nlink >= LINK_MAX) {
            throw new PuffsException(Errno.EMLINK);
          }
        }
      } else if (tgt != null && tgt.isDir()) {
        throw new PuffsException(Errno.EISDIR, "a " + src.type + " cannot replace a directory");
      }
      if (td.nlink == 0) {
        throw new PuffsException(Errno.ENOENT, "target directory was removed");
      }
      Timespec now = now();
      if (tgt != null) {
        td.dir.remove(to);
        if (tgt.isDir()) {
          tgt.nlink = 0;
          tgt.dir.setParent(null);
          td.nlink--;
        } else {
          tgt.nlink--;
        }
        tgt.changed(now);
      }
      sd.dir.remove(from);
      td.dir.add(to, src);
      if (src.isDir() && sd != td) {
        sd.nlink--;
        td.nlink++;
        src.dir.setParent(td);
      }
      src.changed(now);
      sd.modified(now);
      td.modified(now);
      if (tgt != null && tgt.nlink == 0) {
        // as unlinked(): the engine recycles the replaced node once idle, and its RECLAIM frees it
        ctx.setback(Setbacks.NOREF_N2);
        freeIfUnreferenced(tgt);
      }
      return null;
    });
  }

  /**
   * Entries from {@code offset}: "." (offset 0), ".." (1), then the entries in insertion order, each offset being
   * "continue at this sequence number". Fills at most {@code resid} bytes; with {@code ncookies > 0} at most that
   * many entries, each with its cookie (the offset after it). A removed directory lists nothing.
   *
   * @throws PuffsException ENOTDIR; EINVAL for a negative offset or a buffer too small for the next entry
   */
  @Override
  public OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    if (offset < 0 || resid < 0 || ncookies < 0) {
      throw new PuffsException(Errno.EINVAL, "negative offset, resid or ncookies");
    }
    return reading(() -> {
      Node d = directory(dir);
      OpReply.Entries listing = DirectoryListing.list(d, offset, resid, ncookies);
      d.accessed(now());
      return listing;
    });
  }

  // ---- attributes and access ----------------------------------------------------------------------------------------

  @Override
  public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    return reading(() -> attributes(table.get(node)));
  }

  /**
   * Applies every set field, all or nothing: mode (owner or superuser), uid/gid (chown rules), size (VREG only;
   * truncates or extends with zeros), atime/mtime/birthtime ({@link Timespec#NOW} = now, {@link Timespec#OMIT} =
   * keep) and ctime (explicit, else now). Type, nlink, fsid, fileid, blocksize, gen, rdev, bytes and filerev cannot be
   * set (EINVAL); file flags are not supported (EOPNOTSUPP).
   */
  @Override
  public OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
    SetattrRequest change = SetattrRequest.of(va);
    return reading(() -> {
      Node n = table.get(node);
      Timespec now = now();
      synchronized (n) {
        change.apply(n, ctx.cred(), now, table.capacity());
      }
      return attributes(n);
    });
  }

  /**
   * @throws PuffsException EACCES if the mode does not allow {@code mode} (AccessMode bits) to the caller
   */
  @Override
  public void access(RequestContext ctx, Cookie node, int mode) {
    reading(() -> {
      table.get(node).checkAccess(ctx.cred(), mode & (AccessMode.VREAD | AccessMode.VWRITE | AccessMode.VEXEC));
      return null;
    });
  }

  /**
   * Checks the open mode against the permissions, as an open(2) would: FREAD needs read, FWRITE write permission.
   *
   * @throws PuffsException EISDIR for a directory opened for writing; EACCES
   */
  @Override
  public int open(RequestContext ctx, Cookie node, int mode) {
    return reading(() -> {
      Node n = table.get(node);
      if ((mode & OpenFlags.FWRITE) != 0 && n.isDir()) {
        throw new PuffsException(Errno.EISDIR, "a directory cannot be opened for writing");
      }
      int want = ((mode & OpenFlags.FREAD) != 0 ? AccessMode.VREAD : 0)
          | ((mode & OpenFlags.FWRITE) != 0 ? AccessMode.VWRITE : 0);
      if (want != 0) {
        n.checkAccess(ctx.cred(), want);
      }
      return 0;
    });
  }

  /** Nothing to do: memfs keeps no per-open state. */
  @Override
  public void close(RequestContext ctx, Cookie node, int fflag) {
  }

  /**
   * @throws PuffsException EINVAL for a negative offset
   */
  @Override
  public void seek(RequestContext ctx, Cookie node, long oldoff, long newoff) {
    if (newoff < 0) {
      throw new PuffsException(Errno.EINVAL, "negative offset");
    }
  }

  @Override
  public long pathconf(RequestContext ctx, Cookie node, int name) {
    reading(() -> table.get(node));
    switch (name) {
      case PathconfName.LINK_MAX:
        return LINK_MAX;
      case PathconfName.MAX_CANON:
      case PathconfName.MAX_INPUT:
        return 255;
      case PathconfName.NAME_MAX:
        return PuffsConstants.NAME_MAX;
      case PathconfName.PATH_MAX:
        return PuffsConstants.MAXPATHLEN;
      case PathconfName.PIPE_BUF:
        return PIPE_BUF;
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
        return Names.SYMLINK_MAX;
      default:
        throw new PuffsException(Errno.EINVAL, "no pathconf name " + name);
    }
  }

  // ---- data ---------------------------------------------------------------------------------------------------------

  /**
   * @throws PuffsException EISDIR for a directory; EINVAL for other non-regular files and negative offsets
   */
  @Override
  public Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    if (offset < 0 || resid < 0) {
      throw new PuffsException(Errno.EINVAL, "negative offset or resid");
    }
    return reading(() -> {
      Node n = regularFile(node);
      synchronized (n) {
        Bytes out = n.data.read(offset, (int) Math.min(resid, MAX_READ));
        n.accessed(now());
        return out;
      }
    });
  }

  /**
   * Writes everything or nothing: a write that does not fit the capacity fails with ENOSPC and changes nothing (the
   * engine treats a short write as EIO anyway). {@code IO_APPEND} writes at the end. A write by a user other than the
   * superuser clears set-user-ID (and set-group-ID when group-executable), as POSIX asks.
   *
   * @throws PuffsException EISDIR, EINVAL (not a regular file, negative offset), EFBIG (beyond 2^63 - 1), ENOSPC
   */
  @Override
  public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    if (offset < 0) {
      throw new PuffsException(Errno.EINVAL, "negative offset");
    }
    return reading(() -> {
      Node n = regularFile(node);
      synchronized (n) {
        long at = (ioflag & IoFlags.IO_APPEND) != 0 ? n.data.size() : offset;
        if (at > Long.MAX_VALUE - data.size()) {
          throw new PuffsException(Errno.EFBIG);
        }
        if (data.isEmpty()) {
          return 0L;
        }
        table.capacity().reserveBytes(n.data.growthForWrite(at, data.size()));
        n.data.write(at, data);
        SetattrRequest.dropSetIdAfterWrite(n, ctx.cred());
        n.modified(now());
      }
      return 0L;
    });
  }

  /**
   * Backs {@code [offset, offset + length)} with storage, extending the file if it ends beyond it.
   *
   * @throws PuffsException EISDIR; ENODEV (not a regular file); EINVAL (negative offset, length not positive);
   *     EFBIG; ENOSPC
   */
  @Override
  public void fallocate(RequestContext ctx, Cookie node, long offset, long length) {
    checkRange(offset, length);
    reading(() -> {
      Node n = allocatable(node);
      synchronized (n) {
        Capacity cap = table.capacity();
        // refuse hopeless requests before counting chunks one by one
        if (length - n.data.held() > cap.maxBytes() - cap.usedBytes()) {
          throw new PuffsException(Errno.ENOSPC);
        }
        cap.reserveBytes(n.data.growthForAllocate(offset, length));
        long before = n.data.size();
        n.data.allocate(offset, length);
        if (n.data.size() != before) {
          n.modified(now());
        }
      }
      return null;
    });
  }

  /**
   * Punches a hole: the range reads as zeros and holds no storage; the size stays.
   *
   * @throws PuffsException EISDIR; ENODEV; EINVAL; EFBIG
   */
  @Override
  public void fdiscard(RequestContext ctx, Cookie node, long offset, long length) {
    checkRange(offset, length);
    reading(() -> {
      Node n = allocatable(node);
      synchronized (n) {
        table.capacity().reserveBytes(n.data.punch(offset, length));
        n.modified(now());
      }
      return null;
    });
  }

  /**
   * @throws PuffsException EINVAL if the node is not a symlink
   */
  @Override
  public String readlink(RequestContext ctx, Cookie node, int linklen) {
    if (linklen < 0) {
      throw new PuffsException(Errno.EINVAL, "negative linklen");
    }
    return reading(() -> {
      Node n = table.get(node);
      if (n.type != VType.VLNK) {
        throw new PuffsException(Errno.EINVAL, "READLINK of a " + n.type);
      }
      n.accessed(now());
      return truncateUtf8(n.target, linklen);
    });
  }

  // ---- locks --------------------------------------------------------------------------------------------------------

  /**
   * POSIX advisory locks per owner {@code id} (see {@link LockTable}). GETLK answers the first conflicting lock, or
   * the request with type UNLCK; SETLK takes the lock (EAGAIN on conflict, or with F_WAIT blocks the calling thread
   * until granted, EDEADLK if that would deadlock); UNLCK (the op, or SETLK of type UNLCK) releases the range.
   *
   * @throws PuffsException EINVAL for a range before byte 0, whence CUR, or GETLK of type UNLCK; EOVERFLOW if the
   *     range ends beyond 2^63 - 1
   */
  @Override
  public Flock advlock(RequestContext ctx, Cookie node, Flock lock, long id, VnOp.Advlock.LockOp op, int flags) {
    LockTable.Range range = reading(() -> {
      Node n = table.get(node);
      return LockTable.Range.of(n.inode, lock, n.size());
    });
    long inode = range.inode();
    long start = range.start();
    long end = range.end();
    switch (op) {
      case GETLK: {
        if (lock.type() == Flock.LockType.UNLCK) {
          throw new PuffsException(Errno.EINVAL, "GETLK of type UNLCK");
        }
        LockTable.Held h = locks.conflict(inode, id, lock.type(), start, end);
        return h == null ? new Flock(Flock.LockType.UNLCK, lock.whence(), lock.start(), lock.len(), lock.pid())
            : h.toFlock();
      }
      case SETLK:
        if (lock.type() != Flock.LockType.UNLCK) {
          locks.lock(inode, id, lock.type(), start, end, lock.pid(), (flags & VnOp.Advlock.F_WAIT) != 0);
          return lock;
        }
        locks.unlock(inode, id, start, end);
        return lock;
      case UNLCK:
        locks.unlock(inode, id, start, end);
        return lock;
      default:
        throw new PuffsException(Errno.EINVAL, "lock op " + op);
    }
  }

  // ---- extended attributes ------------------------------------------------------------------------------------------

  /**
   * @throws PuffsException EINVAL (namespace, empty name), ENAMETOOLONG, EPERM (system/trusted namespace for
   *     non-superusers), EACCES (user namespace without read permission), ENODATA (no such attribute), ERANGE
   *     (buffer too small)
   */
  @Override
  public OpReply.Extattr getextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, boolean wantSize,
      long resid) {
    XattrAccess.checkName(attrNamespace, name);
    return reading(() -> {
      Node n = table.get(node);
      synchronized (n) {
        if (!XattrAccess.readable(ctx.cred(), n, attrNamespace)) {
          throw new PuffsException(Errno.ENOATTR, "user attributes only on files and directories");
        }
        Bytes v = n.xattrs() == null ? null : n.xattrs().get(attrNamespace, name);
        if (v == null) {
          throw new PuffsException(Errno.ENOATTR, ExtattrNamespace.prefix(attrNamespace) + name);
        }
        return ExtattrReplies.value(v, wantSize, resid);
      }
    });
  }

  /**
   * @throws PuffsException EINVAL, ENAMETOOLONG, EPERM (system/trusted/security namespaces for non-superusers; user
   *     attributes on other than files and directories), EACCES (user namespace without write permission), E2BIG
   *     (value over 64 KiB), ENOSPC
   */
  @Override
  public void setextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, Bytes data) {
    XattrAccess.checkName(attrNamespace, name);
    if (data.size() > XATTR_SIZE_MAX) {
      throw new PuffsException(Errno.E2BIG, "attribute value over " + XATTR_SIZE_MAX + " bytes");
    }
    reading(() -> {
      Node n = table.get(node);
      synchronized (n) {
        XattrAccess.checkWritable(ctx.cred(), n, attrNamespace);
        Bytes old = n.xattrs() == null ? null : n.xattrs().get(attrNamespace, name);
        long delta = Xattrs.cost(name, data) - (old == null ? 0 : Xattrs.cost(name, old));
        table.capacity().reserveBytes(delta);
        n.xattrsForUpdate().put(attrNamespace, name, data);
        n.changed(now());
      }
      return null;
    });
  }

  /**
   * Names in one namespace, sorted, in the format {@code flags} asks for ({@link ExtattrReplies#names(int,
   * java.util.Collection, int, boolean, long)}).
   *
   * @throws PuffsException EINVAL (namespace), EPERM (system/trusted for non-superusers), EACCES (user namespace
   *     without read permission), ERANGE
   */
  @Override
  public OpReply.Extattr listextattr(RequestContext ctx, Cookie node, int attrNamespace, boolean wantSize, long resid,
      int flags) {
    XattrAccess.checkNamespace(attrNamespace);
    return reading(() -> {
      Node n = table.get(node);
      synchronized (n) {
        List<String> names = !XattrAccess.readable(ctx.cred(), n, attrNamespace) || n.xattrs() == null
            ? List.of() : n.xattrs().names(attrNamespace);
        return ExtattrReplies.names(attrNamespace, names, flags, wantSize, resid);
      }
    });
  }

  /**
   * @throws PuffsException as {@link #setextattr}, and ENODATA if there is no such attribute
   */
  @Override
  public void deleteextattr(RequestContext ctx, Cookie node, int attrNamespace, String name) {
    XattrAccess.checkName(attrNamespace, name);
    reading(() -> {
      Node n = table.get(node);
      synchronized (n) {
        XattrAccess.checkWritable(ctx.cred(), n, attrNamespace);
        Bytes old = n.xattrs() == null ? null : n.xattrs().remove(attrNamespace, name);
        if (old == null) {
          throw new PuffsException(Errno.ENOATTR, ExtattrNamespace.prefix(attrNamespace) + name);
        }
        n.compactXattrs();
        table.capacity().releaseBytes(Xattrs.cost(name, old));
        n.changed(now());
      }
      return null;
    });
  }

  // ---- node lifetime ------------------------------------------------------------------------------------------------

  /** An unlinked node asks to be recycled at once ({@code NOREF_N1}), so that its reclaim frees it soon. */
  @Override
  public void inactive(RequestContext ctx, Cookie node) {
    reading(() -> {
      Node n = table.find(node.value());
      if (n != null && n.nlink == 0) {
        ctx.setback(Setbacks.NOREF_N1);
      }
      return null;
    });
  }

  /**
   * Drops {@code nlookup} engine references; a node with neither names nor references left is freed. Unknown cookies
   * are ignored (RECLAIM is fire-and-forget, there is nobody to tell).
   */
  @Override
  public void reclaim(RequestContext ctx, Cookie node, long nlookup) {
    writing(() -> {
      Node n = table.find(node.value());
      if (n != null && n.forget(nlookup) == 0 && n.nlink == 0) {
        free(n);
      }
      return null;
    });
  }

  /** Logs the node's attributes. */
  @Override
  public void print(RequestContext ctx, Cookie node) {
    Vattr va = reading(() -> table.get(node).attributes(table.fsid()));
    LOG.log(System.Logger.Level.INFO, "memfs node {0}: {1}, locks {2}", node, va, locks.held(node.value()));
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private OpReply.NewNode make(RequestContext ctx, Cookie dirCookie, ComponentName cn, VType type, Vattr va,
      String target) {
    Cred cred = ctx.cred();
    return writing(() -> {
      Node d = directory(dirCookie);
      d.checkAccess(cred, AccessMode.VEXEC);
      String name = checkFreeName(d, cn.name());
      d.checkAccess(cred, AccessMode.VWRITE);
      if ((type == VType.VCHR || type == VType.VBLK) && !cred.isSuperuser()) {
        throw new PuffsException(Errno.EPERM, "only the superuser makes device nodes");
      }
      if (d.nlink == 0) {
        throw new PuffsException(Errno.ENOENT, "directory was removed");
      }
      if (type == VType.VDIR && d.nlink >= LINK_MAX) {
        throw new PuffsException(Errno.EMLINK);
      }
      int mode = va.mode() == Vattr.VNOVAL ? 0 : va.mode() & 07777;
      int uid = cred.kind() == Cred.Kind.USER ? cred.uid() : 0;
      int gid = cred.kind() == Cred.Kind.USER ? cred.gid() : 0;
      if ((d.mode() & Permissions.S_ISGID) != 0) {
        // BSD group semantics on a set-group-ID directory: inherit its group, and subdirectories its bit
        gid = d.gid();
        if (type == VType.VDIR) {
          mode |= Permissions.S_ISGID;
        }
      }
      if (type != VType.VDIR && (mode & Permissions.S_ISGID) != 0 && !cred.isSuperuser() && !cred.inGroup(gid)) {
        mode &= ~Permissions.S_ISGID;
      }
      long rdev = (type == VType.VCHR || type == VType.VBLK) && va.rdev() != Vattr.VNOVAL ? va.rdev() : 0;
      Timespec now = now();
      Node n = table.create(type, mode, uid, gid, rdev, target, now);
      if (type == VType.VDIR) {
        n.nlink = 2;
        n.dir.setParent(d);
        d.nlink++;
      } else {
        n.nlink = 1;
      }
      d.dir.add(name, n);
      d.modified(now);
      return newNode(n);
    });
  }

  /** A new name for an entry: valid, not "." or "..", not taken. */
  private static String checkFreeName(Node d, String name) {
    if (Names.isDotOrDotDot(name)) {
      throw new PuffsException(Errno.EEXIST, "\"" + name + "\" always exists");
    }
    Names.check(name);
    if (d.dir.get(name) != null) {
      throw new PuffsException(Errno.EEXIST);
    }
    return name;
  }

  /**
   * The node {@code name} holds in {@code d} ("." and ".." included).
   *
   * @param expected the node the caller means, or NONE; if the name now holds another one, ENOENT
   */
  private static Node named(Node d, String name, Cookie expected) {
    Node n;
    if (name.equals(".")) {
      n = d;
    } else if (name.equals("..")) {
      n = d.dir.parent();
      if (n == null) {
        throw new PuffsException(Errno.ENOENT, "directory was removed");
      }
    } else {
      Names.check(name);
      Entry e = d.dir.get(name);
      if (e == null) {
        throw new PuffsException(Errno.ENOENT);
      }
      n = e.node();
    }
    if (!expected.isNone() && expected.value() != n.inode) {
      throw new PuffsException(Errno.ENOENT, "\"" + name + "\" now names another node");
    }
    return n;
  }

  private static boolean isAncestorOrSelf(Node ancestor, Node n) {
    for (Node p = n; p != null; p = p.dir.parent()) {
      if (p == ancestor) {
        return true;
      }
      if (p.dir.parent() == p) {
        return false;
      }
    }
    return false;
  }

  private OpReply.NewNode newNode(Node n) {
    n.referenced();
    return OpReply.NewNode.of(NodeTable.cookie(n), n.attributes(table.fsid())).withTtl(cacheTtl, cacheTtl);
  }

  private OpReply.Attributes attributes(Node n) {
    return new OpReply.Attributes(n.attributes(table.fsid()), cacheTtl);
  }

  private int kflags() {
    return (cacheTtl.equals(Timespec.ZERO) ? 0 : KFlags.CACHE_FS_TTL) | (inactiveOnDemand ? KFlags.IAONDEMAND : 0);
  }

  /**
   * A node lost its last name: free it unless the engine still references it, else ask the engine to recycle it
   * once idle ({@code NOREF_N2}), so that its RECLAIM frees it. That needs no INACTIVE round trip first, which is
   * what {@link #inactive} would answer for it.
   */
  private void unlinked(RequestContext ctx, Node n) {
    if (n.nlink == 0) {
      ctx.setback(Setbacks.NOREF_N2);
      freeIfUnreferenced(n);
    }
  }

  private void freeIfUnreferenced(Node n) {
    long refs;
    synchronized (n) {
      refs = n.lookups();
    }
    if (refs == 0) {
      free(n);
    }
  }

  private void free(Node n) {
    table.free(n);
    locks.forget(n.inode);
  }

  private Node directory(Cookie c) {
    Node n = table.get(c);
    if (!n.isDir()) {
      throw new PuffsException(Errno.ENOTDIR, n + " is not a directory");
    }
    return n;
  }

  private Node regularFile(Cookie c) {
    Node n = table.get(c);
    if (n.isDir()) {
      throw new PuffsException(Errno.EISDIR);
    }
    if (n.type != VType.VREG) {
      throw new PuffsException(Errno.EINVAL, "data I/O on a " + n.type);
    }
    return n;
  }

  private Node allocatable(Cookie c) {
    Node n = table.get(c);
    if (n.isDir()) {
      throw new PuffsException(Errno.EISDIR);
    }
    if (n.type != VType.VREG) {
      throw new PuffsException(Errno.ENODEV, "storage is allocated for regular files only");
    }
    return n;
  }

  private static void checkRange(long offset, long length) {
    if (offset < 0 || length <= 0) {
      throw new PuffsException(Errno.EINVAL, "offset " + offset + ", length " + length);
    }
    if (offset > Long.MAX_VALUE - length) {
      throw new PuffsException(Errno.EFBIG);
    }
  }

  /** At most {@code max} bytes of {@code s} in UTF-8, cut at a character boundary (readlink truncates silently). */
  private static String truncateUtf8(String s, int max) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= max) {
      return s;
    }
    int cut = max;
    while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
      cut--;
    }
    return new String(utf8, 0, cut, StandardCharsets.UTF_8);
  }

  private Statvfs stats() {
    return table.capacity().statvfs(table.fsid(), TYPE_NAME);
  }

  private Timespec now() {
    return Timespec.of(clock.instant());
  }

  private <T> T reading(Supplier<T> op) {
    treeLock.readLock().lock();
    try {
      return op.get();
    } finally {
      treeLock.readLock().unlock();
    }
  }

  private <T> T writing(Supplier<T> op) {
    treeLock.writeLock().lock();
    try {
      return op.get();
    } finally {
      treeLock.writeLock().unlock();
    }
  }

  /** For white-box tests in this package: the node of a cookie, or null. */
  Node peek(Cookie cookie) {
    return reading(() -> table.find(cookie.value()));
  }

  /** For white-box tests in this package: the capacity in use. */
  Capacity capacity() {
    return reading(() -> table.capacity());
  }

  /** For white-box tests in this package: the advisory locks. */
  LockTable locks() {
    return locks;
  }

  /** Builds a {@link MemFs} with capacity limits, a clock and a file-system id. */
  public static final class Builder {
    private long maxBytes = Runtime.getRuntime().maxMemory() / 2;
    private long maxNodes = Math.max(1024, Runtime.getRuntime().maxMemory() / 2 / 1024);
    private Clock clock = Clock.systemUTC();
    private Long fsid;
    private Duration cacheTtl = DEFAULT_CACHE_TTL;
    private boolean inactiveOnDemand = true;

    private Builder() {}

    /**
     * How long the engine may answer getattr and lookups from its caches ({@code va_ttl} and {@code cn_ttl}, with
     * KFLAG_CACHE_FS_TTL); {@link Duration#ZERO} turns that off, for a memfs that changes behind the engine's back.
     * Default {@link #DEFAULT_CACHE_TTL}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder cacheTtl(Duration cacheTtl) {
      if (Objects.requireNonNull(cacheTtl, "cacheTtl").isNegative()) {
        throw new IllegalArgumentException("cacheTtl must not be negative, not " + cacheTtl);
      }
      this.cacheTtl = cacheTtl;
      return this;
    }

    /**
     * Whether to mount with KFLAG_IAONDEMAND, so that INACTIVE goes only to the nodes memfs asks it for (those that
     * lost their last name) instead of to every node that goes idle. Default on.
     */
    public Builder inactiveOnDemand(boolean inactiveOnDemand) {
      this.inactiveOnDemand = inactiveOnDemand;
      return this;
    }

    /**
     * The most bytes of storage (file data, symlink targets, extended attributes) the file system holds.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * The most nodes, the root included.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxNodes(long maxNodes) {
      if (maxNodes < 1) {
        throw new IllegalArgumentException("maxNodes must be at least 1 (the root), not " + maxNodes);
      }
      this.maxNodes = maxNodes;
      return this;
    }

    /** The clock for timestamps (tests pass a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The file-system id in attributes and statvfs; random by default. */
    public Builder fsid(long fsid) {
      this.fsid = fsid;
      return this;
    }

    /** The memfs. */
    public MemFs build() {
      return new MemFs(this);
    }
  }
}
