package org.jpuffs.fuse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.dispatch.CallerRuns;
import org.jpuffs.fuse.kernel.FuseHandler;
import org.jpuffs.fuse.kernel.FuseOpcode;
import org.jpuffs.fuse.kernel.FuseReply;
import org.jpuffs.fuse.kernel.FuseRequest;
import org.jpuffs.fuse.kernel.InitFlags;
import org.jpuffs.fuse.kernel.Wire;

/**
 * The translator (go-fuse's {@code rawBridge}): each FUSE request becomes vnode ops on a {@link Mount}, node ids
 * are kept in a {@link NodeTable}, credentials come from {@link Credentials}, errors are the Vfs API's errno. Ops
 * the Vfs API cannot express are answered ENOSYS, which makes the kernel stop asking (LSEEK, STATX, IOCTL …).
 */
final class VnodeBridge implements FuseHandler {
  private static final int ENOSYS = 38;
  private static final int RENAME_NOREPLACE = 1;
  private static final int F_RDLCK = 0;
  private static final int F_WRLCK = 1;
  private static final int F_UNLCK = 2;
  private static final long OFFSET_MAX = Long.MAX_VALUE;
  private static final int FALLOC_FL_KEEP_SIZE = 1;
  private static final int FALLOC_FL_PUNCH_HOLE = 2;
  private static final int COPY_CHUNK = 1 << 20;

  private final Mount mount;
  private final NodeTable nodes;
  private final Credentials credentials;
  private final FuseOptions options;
  private final DirectoryReader directories;
  private final XattrOps xattrs;
  private final AtomicLong nextFh = new AtomicLong(1);
  private final ConcurrentHashMap<Long, Integer> openFlags = new ConcurrentHashMap<>();
  /** Node ids a POSIX lock was ever asked for on: only their FLUSHes need an unlock sent to the engine. */
  private final Set<Long> lockedNodes = ConcurrentHashMap.newKeySet();
  private final boolean negativeEntries;
  private final KernelTimeouts timeouts;

  /**
   * @param negativeEntries the engine caches names (negative ones too), so the kernel may cache a name's absence
   *     as long as a name ({@link FuseOptions#entryTimeoutNanos}); invalidations reach both
   * @param serverTtls the mount has CACHE_FS_TTL, so the kernel's timeouts follow the server's TTLs
   *     ({@link KernelTimeouts})
   */
  VnodeBridge(Mount mount, Vnode root, Credentials credentials, FuseOptions options, boolean negativeEntries,
      boolean serverTtls) {
    this.mount = Objects.requireNonNull(mount, "mount");
    this.negativeEntries = negativeEntries && options.entryTimeoutNanos() > 0;
    this.nodes = new NodeTable(root);
    this.credentials = credentials;
    this.options = options;
    this.timeouts = new KernelTimeouts(options, serverTtls);
    this.directories = new DirectoryReader(this::entry);
    this.xattrs = new XattrOps();
  }

  NodeTable nodes() {
    return nodes;
  }

  /** POSIX_LOCKS only with the engine's locks: without it the kernel keeps them ({@link FuseOptions.Locks}). */
  @Override
  public int initFlags() {
    int locks = options.locks() == FuseOptions.Locks.ENGINE ? InitFlags.POSIX_LOCKS : 0;
    return locks | InitFlags.DO_READDIRPLUS | InitFlags.READDIRPLUS_AUTO;
  }

  /**
   * Requests that may be answered EINTR while their work goes on: reads of state, and SETLKW, whose lock, if it is
   * granted after all, is given back at once ({@link #abandoned}). puffs has no message that cancels a request, so
   * the engine's work is left to finish; everything that changes the file system finishes and is answered.
   */
  @Override
  public boolean abandonable(FuseRequest in) {
    switch (in.opcode()) {
      case FuseOpcode.LOOKUP:
      case FuseOpcode.GETATTR:
      case FuseOpcode.READLINK:
      case FuseOpcode.READ:
      case FuseOpcode.STATFS:
      case FuseOpcode.GETXATTR:
      case FuseOpcode.LISTXATTR:
      case FuseOpcode.READDIR:
      case FuseOpcode.ACCESS:
      case FuseOpcode.GETLK:
      case FuseOpcode.SETLKW:
      case FuseOpcode.FSYNC:
      case FuseOpcode.FSYNCDIR:
        return true;
      default:
        return false;
    }
  }

  /** Undoes what an interrupted request gave after the kernel stopped waiting for it. */
  @Override
  public void abandoned(FuseRequest request, FuseReply reply) {
    if (!(reply instanceof FuseReply.Payload payload)) {
      return;
    }
    FuseRequest in = request.rewound();
    if (in.opcode() == FuseOpcode.LOOKUP && payload.size() >= Wire.ENTRY_OUT) {
      long id = payload.data().order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
      if (id != 0) {
        nodes.forget(id, 1);
      }
    } else if (in.opcode() == FuseOpcode.SETLKW) {
      // The lock was granted to an owner whose caller gave up: give it back, as if the wait had been cancelled.
      in.u64();
      long owner = in.u64();
      long start = in.u64();
      long end = in.u64();
      long len = end == OFFSET_MAX ? 0 : end - start + 1;
      Flock unlock = new Flock(Flock.LockType.UNLCK, Flock.Whence.SET, start, len, in.pid());
      try {
        vnode(in).advlock(unlock, owner, VnOp.Advlock.LockOp.UNLCK, VnOp.Advlock.F_POSIX, cred(in));
      } catch (PuffsException e) {
        // The node is gone (forgotten): its locks went with the owner's last close.
      }
    }
  }

  @Override
  public void ended() {
    nodes.releaseAll();
  }

  @Override
  public CompletionStage<FuseReply> handle(FuseRequest in) {
    CompletionStage<FuseReply> stage;
    try {
      stage = CallerRuns.run(() -> dispatch(in));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Errors.toReply(e));
    }
    return stage.handle((reply, failure) -> failure == null ? reply : Errors.toReply(failure));
  }

  private CompletionStage<FuseReply> dispatch(FuseRequest in) {
    switch (in.opcode()) {
      case FuseOpcode.FORGET:
        forget(in.nodeid(), in.u64());
        return done(FuseReply.None.INSTANCE);
      case FuseOpcode.BATCH_FORGET:
        return batchForget(in);
      case FuseOpcode.LOOKUP:
        return lookup(in);
      case FuseOpcode.GETATTR:
        return getattr(in);
      case FuseOpcode.SETATTR:
        return setattr(in);
      case FuseOpcode.READLINK:
        return vnode(in).readlink(cred(in)).thenApply(VnodeBridge::readlinkReply);
      case FuseOpcode.SYMLINK:
        return symlink(in);
      case FuseOpcode.MKNOD:
        return mknod(in);
      case FuseOpcode.MKDIR:
        return mkdir(in);
      case FuseOpcode.UNLINK:
        return remove(in, false);
      case FuseOpcode.RMDIR:
        return remove(in, true);
      case FuseOpcode.RENAME:
        return rename(in, in.u64(), 0);
      case FuseOpcode.RENAME2:
        return rename2(in);
      case FuseOpcode.LINK:
        return link(in);
      case FuseOpcode.OPEN:
        return open(in);
      case FuseOpcode.READ:
        return read(in);
      case FuseOpcode.WRITE:
        return write(in);
      case FuseOpcode.STATFS:
        return statfs(in);
      case FuseOpcode.RELEASE:
        return release(in);
      case FuseOpcode.FSYNC:
      case FuseOpcode.FSYNCDIR:
        return fsync(in);
      case FuseOpcode.FLUSH:
        return flush(in);
      case FuseOpcode.SETXATTR:
        return xattrs.set(vnode(in), in, cred(in));
      case FuseOpcode.GETXATTR:
        return xattrs.get(vnode(in), in, cred(in));
      case FuseOpcode.LISTXATTR:
        return xattrs.list(vnode(in), in, cred(in));
      case FuseOpcode.REMOVEXATTR:
        return xattrs.remove(vnode(in), in, cred(in));
      case FuseOpcode.OPENDIR:
        return opendir(in);
      case FuseOpcode.READDIR:
        return directories.readdir(vnode(in), in, cred(in), false);
      case FuseOpcode.READDIRPLUS:
        return directories.readdir(vnode(in), in, cred(in), true);
      case FuseOpcode.RELEASEDIR:
        return done(FuseReply.ok());
      case FuseOpcode.ACCESS:
        return access(in);
      case FuseOpcode.CREATE:
        return create(in);
      case FuseOpcode.GETLK:
      case FuseOpcode.SETLK:
      case FuseOpcode.SETLKW:
        return lock(in);
      case FuseOpcode.FALLOCATE:
        return fallocate(in);
      case FuseOpcode.COPY_FILE_RANGE:
        return copyFileRange(in);
      default:
        // LSEEK (SEEK_DATA/SEEK_HOLE have no puffs op), STATX, IOCTL, POLL, BMAP, SYNCFS, TMPFILE, unknown opcodes.
        return done(FuseReply.error(ENOSYS));
    }
  }

  // ---- names ----

  private CompletionStage<FuseReply> batchForget(FuseRequest in) {
    int count = in.u32();
    in.skip(4);
    for (int i = 0; i < count; i++) {
      long id = in.u64();
      forget(id, in.u64());
    }
    return done(FuseReply.None.INSTANCE);
  }

  private void forget(long id, long count) {
    if (nodes.forget(id, count)) {
      lockedNodes.remove(id);
    }
  }

  /**
   * LOOKUP. A name that does not exist is, where the engine caches names, answered as an entry with node id 0 and
   * the entry timeout: the kernel then keeps a negative dentry and stops asking for that name (every create asks
   * first), as libfuse's {@code negative_timeout} does. Its removal on a server-side change goes with the directory's
   * other names ({@link NodeTable#negativeNamesIn}).
   */
  private CompletionStage<FuseReply> lookup(FuseRequest in) {
    String name = in.name();
    Cred cred = cred(in);
    long parent = in.nodeid();
    CompletionStage<FuseReply> found = vnode(in).lookup(name, cred)
        .thenCompose(node -> entryReply(node, parent, name, cred));
    if (!negativeEntries) {
      return found;
    }
    return found.handle((reply, failure) -> {
      if (failure == null) {
        return reply;
      }
      if (Errors.errnoOf(failure) != Errno.ENOENT.value()) {
        return Errors.toReply(failure);
      }
      nodes.rememberAbsent(parent, name);
      ByteBuffer out = FuseReply.allocate(Wire.ENTRY_OUT);
      Wire.entry(out, 0, 0, timeouts.negativeEntryNanos(), 0, Attributes.NONE);
      return FuseReply.Payload.of(out);
    });
  }

  private CompletionStage<FuseReply> getattr(FuseRequest in) {
    long id = in.nodeid();
    Vnode node = vnode(in);
    return node.getattr(cred(in)).thenApply(va -> attrReply(va, id, node));
  }

  private CompletionStage<FuseReply> setattr(FuseRequest in) {
    long id = in.nodeid();
    Vnode node = vnode(in);
    Vattr change = Attributes.fromSetattr(in);
    return node.setattr(change, cred(in)).thenApply(va -> attrReply(va, id, node));
  }

  private CompletionStage<FuseReply> symlink(FuseRequest in) {
    String name = in.name();
    String target = in.name();
    Cred cred = cred(in);
    Vattr va = Vattr.builder().type(VType.VLNK).mode(0777).build();
    return vnode(in).symlink(name, va, target, cred).thenCompose(made -> madeReply(made, in.nodeid(), name, cred));
  }

  private CompletionStage<FuseReply> mknod(FuseRequest in) {
    int mode = in.u32();
    int rdev = in.u32();
    in.skip(8);
    String name = in.name();
    Cred cred = cred(in);
    Vattr va = Attributes.ofNew(mode).toBuilder().rdev(rdev).build();
    Vnode dir = vnode(in);
    CompletionStage<Vnode> made = va.type() == VType.VREG || va.type() == VType.VSOCK
        ? dir.create(name, va, cred) : dir.mknod(name, va, cred);
    return made.thenCompose(node -> madeReply(node, in.nodeid(), name, cred));
  }

  private CompletionStage<FuseReply> mkdir(FuseRequest in) {
    int mode = in.u32();
    in.skip(4);
    String name = in.name();
    Cred cred = cred(in);
    Vattr va = Vattr.builder().type(VType.VDIR).mode(mode & 07777).build();
    return vnode(in).mkdir(name, va, cred).thenCompose(made -> madeReply(made, in.nodeid(), name, cred));
  }

  /** UNLINK and RMDIR name the victim; puffs wants its vnode too, so it is looked up first. */
  private CompletionStage<FuseReply> remove(FuseRequest in, boolean directory) {
    String name = in.name();
    Cred cred = cred(in);
    Vnode dir = vnode(in);
    return dir.lookup(name, cred).thenCompose(victim -> {
      CompletionStage<Void> removed = directory ? dir.rmdir(victim, name, cred) : dir.remove(victim, name, cred);
      return removed.whenComplete((ok, failure) -> victim.release());
    }).thenApply(ok -> FuseReply.ok());
  }

  private CompletionStage<FuseReply> rename2(FuseRequest in) {
    long newDir = in.u64();
    int flags = in.u32();
    in.skip(4);
    if ((flags & ~RENAME_NOREPLACE) != 0) {
      // RENAME_EXCHANGE and RENAME_WHITEOUT have no puffs counterpart.
      return done(FuseReply.error(Errno.EINVAL.value()));
    }
    return rename(in, newDir, flags);
  }

  private CompletionStage<FuseReply> rename(FuseRequest in, long newDirId, int flags) {
    String name = in.name();
    String newName = in.name();
    Cred cred = cred(in);
    Vnode dir = vnode(in);
    Vnode newDir = nodes.vnode(newDirId);
    if ((flags & RENAME_NOREPLACE) != 0) {
      // The engine checks and renames under the target directory's name lock.
      return dir.lookup(name, cred).thenCompose(source -> dir.renameNoReplace(source, name, newDir, newName, cred)
          .whenComplete((ok, failure) -> {
            if (failure == null) {
              nodes.renamed(source.cookie(), newDirId, newName);
            }
            source.release();
          }))
          .thenApply(ok -> FuseReply.ok());
    }
    return dir.lookup(name, cred).thenCompose(source -> newDir.lookup(newName, cred)
        .handle((target, failure) -> {
          if (failure != null && Errors.errnoOf(failure) != Errno.ENOENT.value()) {
            throw new PuffsException(Errno.of(Errors.errnoOf(failure) == 0 ? Errno.EIO.value()
                : Errors.errnoOf(failure)));
          }
          return target;
        })
        .thenCompose(target -> {
          return dir.rename(source, name, newDir, target, newName, cred).whenComplete((ok, failure) -> {
            if (failure == null) {
              nodes.renamed(source.cookie(), newDirId, newName);
            }
            if (target != null) {
              target.release();
            }
          });
        })
        .whenComplete((ok, failure) -> source.release()))
        .thenApply(ok -> FuseReply.ok());
  }

  private CompletionStage<FuseReply> link(FuseRequest in) {
    long targetId = in.u64();
    String name = in.name();
    Cred cred = cred(in);
    Vnode dir = vnode(in);
    return dir.link(nodes.vnode(targetId), name, cred)
        .thenCompose(ok -> dir.lookup(name, cred))
        .thenCompose(found -> entryReply(found, in.nodeid(), name, cred));
  }

  // ---- files ----

  private CompletionStage<FuseReply> open(FuseRequest in) {
    int flags = in.u32();
    int fflag = fflags(flags);
    return vnode(in).open(fflag, cred(in)).thenApply(ok -> openReply(fflag));
  }

  private CompletionStage<FuseReply> opendir(FuseRequest in) {
    vnode(in);
    return done(openReply(OpenFlags.FREAD));
  }

  private CompletionStage<FuseReply> create(FuseRequest in) {
    int flags = in.u32();
    int mode = in.u32();
    in.skip(8);
    String name = in.name();
    Cred cred = cred(in);
    int fflag = fflags(flags);
    Vattr va = Vattr.builder().type(VType.VREG).mode(mode & 07777).build();
    long parent = in.nodeid();
    return vnode(in).create(name, va, cred).thenCompose(made -> made.open(fflag, cred)
        .thenCompose(ok -> attributes(made, true, cred))
        .whenComplete((va2, failure) -> {
          if (failure != null) {
            made.release();
          }
        })
        .thenApply(attrs -> {
          long id = nodes.remember(made, parent, name);
          ByteBuffer out = FuseReply.allocate(Wire.ENTRY_OUT + Wire.OPEN_OUT);
          Wire.entry(out, id, 0, timeouts.entryNanos(made), timeouts.attrNanos(made),
              Attributes.toFuse(attrs, id));
          Wire.open(out, newHandle(fflag), 0);
          return FuseReply.Payload.of(out);
        }));
  }

  private CompletionStage<FuseReply> read(FuseRequest in) {
    in.u64();
    long offset = in.u64();
    int size = in.u32();
    return vnode(in).read(offset, size, 0, cred(in))
        .thenApply(data -> FuseReply.Payload.wrap(data.asReadOnlyBuffer()));
  }

  private CompletionStage<FuseReply> write(FuseRequest in) {
    in.u64();
    long offset = in.u64();
    int size = in.u32();
    in.skip(4 + 8 + 4 + 4);
    Bytes data = Bytes.adopt(in.bytes(size));
    return vnode(in).write(offset, data, 0, cred(in)).thenApply(ok -> {
      ByteBuffer out = FuseReply.allocate(8);
      Wire.write(out, size);
      return FuseReply.Payload.of(out);
    });
  }

  private CompletionStage<FuseReply> release(FuseRequest in) {
    long fh = in.u64();
    Integer fflag = openFlags.remove(fh);
    Vnode node = vnode(in);
    // CLOSE is fire-and-forget in puffs; the kernel does not wait for it either.
    node.close(fflag == null ? OpenFlags.FREAD : fflag, cred(in));
    return done(FuseReply.ok());
  }

  private CompletionStage<FuseReply> fsync(FuseRequest in) {
    in.u64();
    int fsyncFlags = in.u32();
    int flags = FsyncFlags.FSYNC_WAIT | ((fsyncFlags & 1) != 0 ? FsyncFlags.FSYNC_DATAONLY : 0);
    return vnode(in).fsync(flags, 0, 0, cred(in)).thenApply(ok -> FuseReply.ok());
  }

  /**
   * FLUSH (every close of a descriptor) drops the POSIX locks the closing process held, as close(2) must. A node
   * nobody ever locked through this mount has none to drop, and its FLUSH costs no engine round trip.
   */
  private CompletionStage<FuseReply> flush(FuseRequest in) {
    if (options.locks() == FuseOptions.Locks.KERNEL) {
      // The kernel drops its own locks at close; a FLUSH has nothing else to do here (no writeback cache), and
      // ENOSYS makes the kernel stop sending it (fc->no_flush), saving a round trip at every close(2).
      return done(FuseReply.error(ENOSYS));
    }
    if (!lockedNodes.contains(in.nodeid())) {
      return done(FuseReply.ok());
    }
    in.u64();
    in.skip(8);
    long owner = in.u64();
    Flock all = new Flock(Flock.LockType.UNLCK, Flock.Whence.SET, 0, 0, in.pid());
    return vnode(in).advlock(all, owner, VnOp.Advlock.LockOp.UNLCK, VnOp.Advlock.F_POSIX, cred(in))
        .handle((ok, failure) -> FuseReply.ok());
  }

  private CompletionStage<FuseReply> statfs(FuseRequest in) {
    return mount.statvfs(cred(in)).thenApply(VnodeBridge::statfsReply);
  }

  private CompletionStage<FuseReply> access(FuseRequest in) {
    int mask = in.u32();
    int mode = ((mask & 4) != 0 ? AccessMode.VREAD : 0) | ((mask & 2) != 0 ? AccessMode.VWRITE : 0)
        | ((mask & 1) != 0 ? AccessMode.VEXEC : 0);
    return vnode(in).access(mode, cred(in)).thenApply(ok -> FuseReply.ok());
  }

  private CompletionStage<FuseReply> lock(FuseRequest in) {
    in.u64();
    long owner = in.u64();
    long start = in.u64();
    long end = in.u64();
    int type = in.u32();
    int pid = in.u32();
    Flock.LockType lockType = type == F_RDLCK ? Flock.LockType.RDLCK
        : type == F_WRLCK ? Flock.LockType.WRLCK : Flock.LockType.UNLCK;
    long len = end == OFFSET_MAX ? 0 : end - start + 1;
    Flock lock = new Flock(lockType, Flock.Whence.SET, start, len, pid);
    int flags = VnOp.Advlock.F_POSIX | (in.opcode() == FuseOpcode.SETLKW ? VnOp.Advlock.F_WAIT : 0);
    VnOp.Advlock.LockOp op = in.opcode() == FuseOpcode.GETLK ? VnOp.Advlock.LockOp.GETLK
        : lockType == Flock.LockType.UNLCK ? VnOp.Advlock.LockOp.UNLCK : VnOp.Advlock.LockOp.SETLK;
    if (op == VnOp.Advlock.LockOp.SETLK) {
      lockedNodes.add(in.nodeid());
    }
    return vnode(in).advlock(lock, owner, op, flags, cred(in)).thenApply(result -> {
      if (in.opcode() != FuseOpcode.GETLK) {
        return FuseReply.ok();
      }
      ByteBuffer out = FuseReply.allocate(24);
      int outType = result.type() == Flock.LockType.RDLCK ? F_RDLCK
          : result.type() == Flock.LockType.WRLCK ? F_WRLCK : F_UNLCK;
      long outEnd = result.len() == 0 ? OFFSET_MAX : result.start() + result.len() - 1;
      Wire.lock(out, result.start(), outEnd, outType, result.pid());
      return FuseReply.Payload.of(out);
    });
  }

  private CompletionStage<FuseReply> fallocate(FuseRequest in) {
    in.u64();
    long offset = in.u64();
    long length = in.u64();
    int mode = in.u32();
    Vnode node = vnode(in);
    if (mode == 0) {
      return node.fallocate(offset, length, cred(in)).thenApply(ok -> FuseReply.ok());
    }
    if (mode == (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)) {
      return node.fdiscard(offset, length, cred(in)).thenApply(ok -> FuseReply.ok());
    }
    return done(FuseReply.error(Errno.EOPNOTSUPP.value()));
  }

  /** COPY_FILE_RANGE as a read and a write inside the engine: no data crosses into the kernel and back. */
  private CompletionStage<FuseReply> copyFileRange(FuseRequest in) {
    in.u64();
    long offIn = in.u64();
    long nodeOut = in.u64();
    in.u64();
    long offOut = in.u64();
    long len = in.u64();
    Cred cred = cred(in);
    Vnode target = nodes.vnode(nodeOut);
    int chunk = (int) Math.min(len, COPY_CHUNK);
    return vnode(in).read(offIn, chunk, 0, cred).thenCompose(data -> target.write(offOut, data, 0, cred)
        .thenApply(ok -> {
          ByteBuffer out = FuseReply.allocate(8);
          Wire.write(out, data.size());
          return FuseReply.Payload.of(out);
        }));
  }

  // ---- replies ----

  /** Gives the kernel {@code node} (a counted reference) as {@code name} in {@code parent}, with its attributes. */
  private CompletionStage<FuseReply> entryReply(Vnode node, long parent, String name, Cred cred) {
    return entry(node, parent, name, cred).thenApply(FuseReply.Payload::of);
  }

  /** {@link #entryReply} for a node the server has just made. */
  private CompletionStage<FuseReply> madeReply(Vnode node, long parent, String name, Cred cred) {
    return entry(node, true, parent, name, cred).thenApply(FuseReply.Payload::of);
  }

  /** Fills an entry_out for a looked-up {@code node} (DirectoryReader's entries). */
  CompletionStage<ByteBuffer> entry(Vnode node, long parent, String name, Cred cred) {
    return entry(node, false, parent, name, cred);
  }

  /** Fills an entry_out for {@code node}; the node is remembered only once its attributes are known. */
  private CompletionStage<ByteBuffer> entry(Vnode node, boolean made, long parent, String name, Cred cred) {
    return attributes(node, made, cred).whenComplete((va, failure) -> {
      if (failure != null) {
        node.release();
      }
    }).thenApply(va -> {
      long id = nodes.remember(node, parent, name);
      ByteBuffer out = FuseReply.allocate(Wire.ENTRY_OUT);
      Wire.entry(out, id, 0, timeouts.entryNanos(node), timeouts.attrNanos(node), Attributes.toFuse(va, id));
      return out;
    });
  }

  /**
   * The attributes of {@code node}. A node the server has just made came with its attributes in the reply (memfs
   * sends them), which saves a GETATTR round trip per create; a looked-up node's may come from a cache, so it is
   * asked.
   */
  private static CompletionStage<Vattr> attributes(Vnode node, boolean made, Cred cred) {
    Vattr va = node.found().va();
    if (made && va.type() != VType.VNON && Vattr.isSet(va.fileid()) && Vattr.isSet(va.nlink())) {
      return CompletableFuture.completedFuture(va);
    }
    return node.getattr(cred);
  }

  private FuseReply attrReply(Vattr va, long id, Vnode node) {
    ByteBuffer out = FuseReply.allocate(Wire.ATTR_OUT);
    Wire.attr(out, timeouts.attrNanos(node), Attributes.toFuse(va, id));
    return FuseReply.Payload.of(out);
  }

  private FuseReply openReply(int fflag) {
    ByteBuffer out = FuseReply.allocate(Wire.OPEN_OUT);
    Wire.open(out, newHandle(fflag), 0);
    return FuseReply.Payload.of(out);
  }

  /** A file handle for the kernel; RELEASE gives back the open flags CLOSE needs. */
  private long newHandle(int fflag) {
    long fh = nextFh.getAndIncrement();
    openFlags.put(fh, fflag);
    return fh;
  }

  private static FuseReply readlinkReply(String target) {
    return FuseReply.Payload.wrap(ByteBuffer.wrap(target.getBytes(StandardCharsets.UTF_8)));
  }

  private static FuseReply statfsReply(Statvfs s) {
    ByteBuffer out = FuseReply.allocate(Wire.STATFS_OUT);
    int bsize = (int) Math.max(512, s.bsize());
    int frsize = (int) (s.frsize() > 0 ? s.frsize() : bsize);
    int namemax = (int) (s.namemax() > 0 ? s.namemax() : 255);
    Wire.statfs(out, s.blocks(), s.bfree(), s.bavail(), s.files(), s.ffree(), bsize, namemax, frsize);
    return FuseReply.Payload.of(out);
  }

  // ---- plumbing ----

  /** The Linux open flags as puffs {@code FREAD}/{@code FWRITE}/{@code O_APPEND}. */
  static int fflags(int linuxFlags) {
    int acc = linuxFlags & 3;
    int f = acc == 0 ? OpenFlags.FREAD : acc == 1 ? OpenFlags.FWRITE : OpenFlags.FREAD | OpenFlags.FWRITE;
    if ((linuxFlags & 02000) != 0) {
      f |= OpenFlags.O_APPEND;
    }
    return f;
  }

  private Vnode vnode(FuseRequest in) {
    return nodes.vnode(in.nodeid());
  }

  private Cred cred(FuseRequest in) {
    return credentials.of(in.uid(), in.gid(), in.pid());
  }

  private static CompletionStage<FuseReply> done(FuseReply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
