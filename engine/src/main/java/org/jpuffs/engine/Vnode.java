package org.jpuffs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsCompletionException;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.engine.node.NodeActor;
import org.jpuffs.engine.node.NodeHandle;
import org.jpuffs.engine.node.VnodeResult;
import org.jpuffs.engine.node.cache.CacheRules;
import org.jpuffs.engine.node.cache.FilePages;
import org.jpuffs.engine.node.cache.NameEntry;
import org.jpuffs.engine.node.cache.NodeCache;

/**
 * A reference to a vnode of a {@link Mount}: every vnode op of puffs, each returning a {@link CompletionStage} that
 * fails with a {@link PuffsException} carrying the errno. Holding a Vnode keeps the node alive; {@link #release()}
 * (or {@link #close()}) gives the reference back, like a FUSE forget. Ops that name a second node (remove, link,
 * rename, rmdir) take it as a Vnode of the same mount; another mount's is EXDEV.
 *
 * <p>Two closes: {@link #close()} (what try-with-resources calls) gives the reference back; {@link #close(int, Cred)}
 * is the vnode op CLOSE, the end of an open. Returned stages complete on the engine's dispatcher: chain blocking
 * work with the {@code *Async} variants and an executor of your own, not on the plain stages.
 *
 * <p>Cache hits — a lookup the directory's name cache knows, ".", ".." with CACHE_DOTDOT, a getattr within its
 * TTL — are answered on the calling thread with an already completed stage: they read what the node's actor
 * published and take the child's reference with a compare-and-set, without a message to any actor.
 */
public final class Vnode implements AutoCloseable {

  /** Blocking lock requests wait as long as it takes; this only bounds a lost engine (Pekko timers max ~248 days). */
  private static final Duration BLOCKING_LOCK_WAIT = Duration.ofDays(30);

  private final Mount mount;
  private final NodeHandle node;
  private final OpReply.NewNode found;
  private final AtomicBoolean released = new AtomicBoolean();

  Vnode(Mount mount, NodeHandle node, OpReply.NewNode found) {
    this.mount = mount;
    this.node = node;
    this.found = found;
  }

  /** The mount this vnode belongs to. */
  public Mount mount() {
    return mount;
  }

  /** The server's cookie for this node. */
  public Cookie cookie() {
    return node.cookie();
  }

  /** The node's type. */
  public VType type() {
    return node.vtype();
  }

  /** The server's reply that produced this reference (its size, rdev, and, with TTLs, attributes). */
  public OpReply.NewNode found() {
    return found;
  }

  // ---- names ----

  /**
   * This node as its caches show it, the start of a path walk through the name cache that takes no reference per
   * name ({@link CachedNode#child}, then {@link CachedNode#acquire} at the end).
   */
  public CachedNode cached() {
    return new CachedNode(mount, node, found);
  }

  /** LOOKUP of {@code name} in this directory. */
  public CompletionStage<Vnode> lookup(String name, Cred cred) {
    return lookup(ComponentName.lookup(name), cred);
  }

  /** LOOKUP with a full component name (nameiop, flags). */
  public CompletionStage<Vnode> lookup(ComponentName cn, Cred cred) {
    if (!released.get() && node.cache().isOpen()) {
      CompletionStage<Vnode> cached = cachedLookup(cn);
      if (cached != null) {
        return cached;
      }
    }
    return node(new VnOp.Lookup(cn), cred);
  }

  /** A lookup answered here without a message, or null if it has to go to the node's actor. */
  private CompletionStage<Vnode> cachedLookup(ComponentName cn) {
    String name = cn.name();
    if (name.equals(".") || (name.equals("..") && node.cookie().equals(mount.sanitizedArgs().rootCookie()))) {
      return referenced(node, OpReply.NewNode.of(node.cookie(), node.vtype(), 0, 0));
    }
    NodeCache cache = node.cache();
    if (name.equals("..")) {
      NodeHandle parent = cache.mount().cachesDotdot() ? cache.parent() : null;
      return parent == null ? null
          : referenced(parent, OpReply.NewNode.of(parent.cookie(), parent.vtype(), 0, 0));
    }
    if (!CacheRules.usesNameCache(cn)) {
      return null;
    }
    NameEntry entry = cache.name(name);
    if (entry == null) {
      return null;
    }
    if (entry.isNegative()) {
      return CompletableFuture.failedFuture(
          new PuffsCompletionException(new PuffsException(Errno.ENOENT, name + " (cached)")));
    }
    return referenced(entry.child(), entry.reply());
  }

  /** A new reference to {@code target}, or null if the mount is reclaiming it (then the actor makes it anew). */
  private CompletionStage<Vnode> referenced(NodeHandle target, OpReply.NewNode reply) {
    if (!target.cache().isOpen() || !target.references().tryAcquire()) {
      return null;
    }
    return CompletableFuture.completedFuture(new Vnode(mount, target, reply));
  }

  /** CREATE of a regular file (or socket, by {@code va.type()}) named {@code name}. */
  public CompletionStage<Vnode> create(String name, Vattr va, Cred cred) {
    return named(() -> node(new VnOp.Create(ComponentName.of(NameiOp.CREATE, name), va), cred));
  }

  /** MKNOD of a device node or FIFO named {@code name}. */
  public CompletionStage<Vnode> mknod(String name, Vattr va, Cred cred) {
    return named(() -> node(new VnOp.Mknod(ComponentName.of(NameiOp.CREATE, name), va), cred));
  }

  /** MKDIR. */
  public CompletionStage<Vnode> mkdir(String name, Vattr va, Cred cred) {
    return named(() -> node(new VnOp.Mkdir(ComponentName.of(NameiOp.CREATE, name), va), cred));
  }

  /** SYMLINK named {@code name} pointing to {@code target}. */
  public CompletionStage<Vnode> symlink(String name, Vattr va, String target, Cred cred) {
    return named(() -> node(new VnOp.Symlink(ComponentName.of(NameiOp.CREATE, name), va, target), cred));
  }

  /** REMOVE of {@code name}, which is {@code target}, from this directory. */
  public CompletionStage<Void> remove(Vnode target, String name, Cred cred) {
    return sameMount(target).thenCompose(ok -> mount.flushBeforeUnlink(target.node)).thenCompose(ok ->
        done(new VnOp.Remove(target.cookie(), ComponentName.of(NameiOp.DELETE, name)), cred))
        .thenCompose(ok -> changed(target, null, null));
  }

  /** LINK: a new name {@code name} in this directory for {@code target}. */
  public CompletionStage<Void> link(Vnode target, String name, Cred cred) {
    return sameMount(target).thenCompose(ok -> named(() ->
        done(new VnOp.Link(target.cookie(), ComponentName.of(NameiOp.CREATE, name)), cred)))
        .thenCompose(ok -> changed(target, null, null));
  }

  /**
   * RENAME of {@code source} (named {@code sourceName} in this directory) to {@code targetName} in
   * {@code targetDir}, replacing {@code target} if not null.
   */
  public CompletionStage<Void> rename(Vnode source, String sourceName, Vnode targetDir, Vnode target,
      String targetName, Cred cred) {
    return sameMount(targetDir).thenCompose(ok -> mount.nameLocks().shared(targetDir.cookie(),
        () -> renameUnlocked(source, sourceName, targetDir, target, targetName, cred)));
  }

  /**
   * RENAME that fails with EEXIST instead of replacing an existing {@code targetName} (Linux
   * {@code RENAME_NOREPLACE}, which puffs has no op for). The lookup of the target and the rename run under the target
   * directory's exclusive name lock, so no client of this engine can create the name in between.
   */
  public CompletionStage<Void> renameNoReplace(Vnode source, String sourceName, Vnode targetDir, String targetName,
      Cred cred) {
    return sameMount(targetDir).thenCompose(ok -> mount.nameLocks().exclusive(targetDir.cookie(),
        () -> targetDir.lookup(targetName, cred).handle((existing, failure) -> {
          if (failure == null) {
            existing.release();
            throw new PuffsException(Errno.EEXIST, targetName + " exists");
          }
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          if (!(cause instanceof PuffsException puffs) || !puffs.errno().equals(Errno.ENOENT)) {
            throw cause instanceof RuntimeException runtime ? runtime : new PuffsException(Errno.EIO, "lookup", cause);
          }
          return null;
        }).thenCompose(absent -> renameUnlocked(source, sourceName, targetDir, null, targetName, cred))));
  }

  private CompletionStage<Void> renameUnlocked(Vnode source, String sourceName, Vnode targetDir, Vnode target,
      String targetName, Cred cred) {
    CompletionStage<Void> same = sameMount(source).thenCompose(ok -> sameMount(targetDir))
        .thenCompose(ok -> target == null ? CompletableFuture.completedFuture(null) : sameMount(target));
    // Both nodes change names: a flush of either racing the RENAME would reach a path-based server at a name
    // that is gone.
    CompletionStage<Void> flushed = same.thenCompose(ok -> mount.flushBeforeUnlink(source.node))
        .thenCompose(ok -> target == null ? CompletableFuture.<Void>completedFuture(null)
            : mount.flushBeforeUnlink(target.node));
    return flushed.thenCompose(ok -> done(new VnOp.Rename(source.cookie(), ComponentName.of(NameiOp.RENAME, sourceName),
        targetDir.cookie(), target == null ? Cookie.NONE : target.cookie(),
        ComponentName.of(NameiOp.RENAME, targetName)), cred))
        .thenCompose(ok -> targetDir.node == node ? CompletableFuture.<Void>completedFuture(null)
            : changed(targetDir, targetName, null))
        .thenCompose(ok -> changed(source, null, source.type() == VType.VDIR ? targetDir.node : null))
        .thenCompose(ok -> target == null ? CompletableFuture.<Void>completedFuture(null)
            : changed(target, null, null));
  }

  /**
   * Tells {@code other}'s actor that an op on this node changed it — its attributes, {@code name} in it, or its
   * parent — and completes once it has forgotten what is now wrong, so the op's caller never sees a stale hit.
   * Without any cache that could be wrong, nothing is sent.
   */
  private CompletionStage<Void> changed(Vnode other, String name, NodeHandle parent) {
    NodeCache cache = other.node.cache();
    boolean needed = cache.mount().cachesAttributes() || (name != null && cache.mount().cachesNames())
        || (parent != null && cache.mount().cachesDotdot());
    if (!needed) {
      return CompletableFuture.completedFuture(null);
    }
    return mount.calls().<NodeActor.Command, Done>ask(other.node.actor(),
        replyTo -> new NodeActor.Changed(name, parent, replyTo)).thenApply(done -> null);
  }

  /** RMDIR of {@code name}, which is {@code target}, from this directory. */
  public CompletionStage<Void> rmdir(Vnode target, String name, Cred cred) {
    return sameMount(target).thenCompose(ok -> mount.flushBeforeUnlink(target.node)).thenCompose(ok ->
        done(new VnOp.Rmdir(target.cookie(), ComponentName.of(NameiOp.DELETE, name)), cred))
        .thenCompose(ok -> changed(target, null, null));
  }

  /** READDIR from {@code offset}, at most {@code resid} bytes of entries, with up to {@code ncookies} NFS cookies. */
  public CompletionStage<OpReply.Entries> readdir(long offset, long resid, int ncookies, Cred cred) {
    return reply(new VnOp.Readdir(offset, resid, ncookies), cred, OpReply.Entries.class);
  }

  /** ABORTOP: a lookup for {@code name} will not be followed by its op (fire-and-forget). */
  public CompletionStage<Void> abortop(String name, Cred cred) {
    return done(new VnOp.Abortop(ComponentName.of(NameiOp.LOOKUP, name)), cred);
  }

  // ---- open, attributes ----

  /** OPEN with {@code mode} ({@code OpenFlags}); returns the server's open flags. */
  public CompletionStage<Integer> open(int mode, Cred cred) {
    return reply(new VnOp.Open(mode), cred, OpReply.Opened.class).thenApply(OpReply.Opened::oflags);
  }

  /** CLOSE (fire-and-forget). */
  public CompletionStage<Void> close(int fflag, Cred cred) {
    return done(new VnOp.Close(fflag), cred);
  }

  /** ACCESS: fails with EACCES (or similar) if {@code cred} may not use the node as {@code mode} says. */
  public CompletionStage<Void> access(int mode, Cred cred) {
    return done(new VnOp.Access(mode), cred);
  }

  /** GETATTR; with CACHE_FS_TTL answered from the attributes the server gave a TTL until it passes. */
  public CompletionStage<Vattr> getattr(Cred cred) {
    Vattr cached = released.get() ? null : node.cache().attributes();
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return reply(new VnOp.Getattr(), cred, OpReply.Attributes.class).thenApply(OpReply.Attributes::va);
  }

  /** SETATTR of the fields set in {@code va}; returns the attributes after the change. */
  public CompletionStage<Vattr> setattr(Vattr va, Cred cred) {
    return reply(new VnOp.Setattr(va), cred, OpReply.Attributes.class).thenApply(OpReply.Attributes::va);
  }

  /** PATHCONF. */
  public CompletionStage<Long> pathconf(int name, Cred cred) {
    return reply(new VnOp.Pathconf(name), cred, OpReply.PathconfValue.class).thenApply(OpReply.PathconfValue::value);
  }

  // ---- data ----

  /**
   * READ of up to {@code length} bytes from {@code offset}. Longer reads are split into messages of at most
   * {@code maxmsglen - PUFFS_MSGSTRUCT_MAX} bytes ({@code PUFFS_TOMOVE}); a short read ends the loop (end of file).
   */
  public CompletionStage<Bytes> read(long offset, int length, int ioflag, Cred cred) {
    if (length < 0 || offset < 0) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.EINVAL, "read " + length + " at " + offset));
    }
    if (node.cache().pages().isEnabled()) {
      // A read through the page cache stamps the access time locally (the metadata cache), hit or miss.
      node.cache().accessed();
    }
    Bytes cached = released.get() ? null : node.cache().pages().read(offset, length);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    // The chunks are kept as they come and joined at the end, so a large length on a small file (read to the end)
    // costs what was read, not what was asked for.
    return readChunks(new ArrayList<>(), length, offset, ioflag, cred).thenApply(Vnode::join);
  }

  private CompletionStage<List<Bytes>> readChunks(List<Bytes> chunks, int left, long offset, int ioflag,
      Cred cred) {
    if (left == 0) {
      return CompletableFuture.completedFuture(chunks);
    }
    int chunk = readChunk(left, offset);
    return reply(new VnOp.Read(offset, chunk, ioflag), cred, OpReply.ReadData.class).thenCompose(data -> {
      int got = data.data().size();
      chunks.add(data.data());
      return got < chunk ? CompletableFuture.completedFuture(chunks)
          : readChunks(chunks, left - got, offset + got, ioflag, cred);
    });
  }

  /**
   * How much of {@code left} bytes at {@code offset} one READ asks for: what fits in a message, and with the page
   * cache on, no more than ends on a page boundary within it, so that the node can read whole pages.
   */
  private int readChunk(int left, long offset) {
    int most = (int) PuffsConstants.toMove(left, mount.sanitizedArgs().maxmsglen());
    if (!node.cache().pages().isEnabled()) {
      return most;
    }
    int wholePages = (int) PuffsConstants.toMove(Integer.MAX_VALUE, mount.sanitizedArgs().maxmsglen())
        / FilePages.PAGE * FilePages.PAGE;
    return Math.min(most, wholePages - (int) (offset % FilePages.PAGE));
  }

  private static Bytes join(List<Bytes> chunks) {
    if (chunks.size() == 1) {
      return chunks.get(0);
    }
    byte[] all = new byte[chunks.stream().mapToInt(Bytes::size).sum()];
    int at = 0;
    for (Bytes chunk : chunks) {
      chunk.copyTo(0, all, at, chunk.size());
      at += chunk.size();
    }
    return Bytes.adopt(all);
  }

  /** WRITE of {@code data} at {@code offset}, split into messages as {@link #read} is. */
  public CompletionStage<Void> write(long offset, Bytes data, int ioflag, Cred cred) {
    if (offset < 0) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.EINVAL, "write at " + offset));
    }
    return writeFrom(data, 0, offset, ioflag, cred);
  }

  private CompletionStage<Void> writeFrom(Bytes data, int done, long offset, int ioflag, Cred cred) {
    if (done == data.size()) {
      return CompletableFuture.completedFuture(null);
    }
    int chunk = (int) PuffsConstants.toMove(data.size() - done, mount.sanitizedArgs().maxmsglen());
    Bytes part = done == 0 && chunk == data.size() ? data : data.slice(done, done + chunk);
    return done(new VnOp.Write(offset, ioflag, part), cred)
        .thenCompose(ok -> writeFrom(data, done + chunk, offset + chunk, ioflag, cred));
  }

  /** POLL: the ready events among {@code events}. */
  public CompletionStage<Integer> poll(int events, Cred cred) {
    return reply(new VnOp.Poll(events), cred, OpReply.PollReady.class).thenApply(OpReply.PollReady::revents);
  }

  /** MMAP: may the node be mapped with {@code prot}? */
  public CompletionStage<Void> mmap(int prot, Cred cred) {
    return done(new VnOp.Mmap(prot), cred);
  }

  /** FSYNC of {@code [offlo, offhi]}; fire-and-forget unless {@code FSYNC_WAIT}. */
  public CompletionStage<Void> fsync(int flags, long offlo, long offhi, Cred cred) {
    return done(new VnOp.Fsync(offlo, offhi, flags), cred);
  }

  /** SEEK: may the offset move from {@code oldoff} to {@code newoff}? */
  public CompletionStage<Void> seek(long oldoff, long newoff, Cred cred) {
    return done(new VnOp.Seek(oldoff, newoff), cred);
  }

  /** READLINK. */
  public CompletionStage<String> readlink(Cred cred) {
    return reply(new VnOp.Readlink(PuffsConstants.MAXPATHLEN), cred, OpReply.LinkTarget.class)
        .thenApply(OpReply.LinkTarget::link);
  }

  /** FALLOCATE of {@code [offset, offset + length)}. */
  public CompletionStage<Void> fallocate(long offset, long length, Cred cred) {
    return done(new VnOp.Fallocate(offset, length), cred);
  }

  /** FDISCARD (punch a hole) of {@code [offset, offset + length)}. */
  public CompletionStage<Void> fdiscard(long offset, long length, Cred cred) {
    return done(new VnOp.Fdiscard(offset, length), cred);
  }

  /**
   * ADVLOCK; returns the lock (for GETLK the conflicting one, or the request with type UNLCK). A SETLK with
   * {@code F_WAIT} waits as long as it takes, without the request timeout.
   */
  public CompletionStage<Flock> advlock(Flock lock, long owner, VnOp.Advlock.LockOp op, int flags, Cred cred) {
    VnOp.Advlock request = new VnOp.Advlock(lock, owner, op, flags);
    Duration wait = (flags & VnOp.Advlock.F_WAIT) != 0 ? BLOCKING_LOCK_WAIT : null;
    return call(request, cred, wait).thenApply(result -> expect(result, OpReply.Lock.class).lock());
  }

  // ---- extended attributes ----

  /** GETEXTATTR: the value, at most {@code resid} bytes, or with {@code wantSize} only its size. */
  public CompletionStage<OpReply.Extattr> getextattr(int attrNamespace, String name, boolean wantSize, long resid,
      Cred cred) {
    return reply(new VnOp.Getextattr(attrNamespace, name, wantSize, resid), cred, OpReply.Extattr.class);
  }

  /** SETEXTATTR. */
  public CompletionStage<Void> setextattr(int attrNamespace, String name, Bytes value, Cred cred) {
    return done(new VnOp.Setextattr(attrNamespace, name, value), cred);
  }

  /** LISTEXTATTR: the names in a namespace (length-prefixed), or only their size. */
  public CompletionStage<OpReply.Extattr> listextattr(int attrNamespace, boolean wantSize, long resid, Cred cred) {
    return reply(new VnOp.Listextattr(attrNamespace, wantSize, resid, VnOp.Listextattr.LENPREFIX), cred,
        OpReply.Extattr.class);
  }

  /** DELETEEXTATTR. */
  public CompletionStage<Void> deleteextattr(int attrNamespace, String name, Cred cred) {
    return done(new VnOp.Deleteextattr(attrNamespace, name), cred);
  }

  // ---- references ----

  /** Gives this reference back; once only, later calls do nothing. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      mount.release(node.cookie());
    }
  }

  /** {@link #release()}. */
  @Override
  public void close() {
    release();
  }

  /** {@code true} once released. */
  public boolean isReleased() {
    return released.get();
  }

  // ---- plumbing ----

  private CompletionStage<VnodeResult> call(VnOp op, Cred cred, Duration timeout) {
    if (released.get()) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.EBADF, "vnode already released"));
    }
    EngineCalls calls = mount.calls();
    return timeout == null
        ? calls.ask(node.actor(), (ActorRef<VnodeResult> replyTo) ->
            new NodeActor.Call(op, cred, 0, replyTo))
        : calls.ask(node.actor(), (ActorRef<VnodeResult> replyTo) ->
            new NodeActor.Call(op, cred, 0, replyTo), timeout);
  }

  /** An op that adds a name to this directory: it holds the directory's name lock shared. */
  private <T> CompletionStage<T> named(Supplier<CompletionStage<T>> op) {
    return mount.nameLocks().shared(cookie(), op);
  }

  private CompletionStage<Vnode> node(VnOp op, Cred cred) {
    return call(op, cred, null).thenApply(mount::vnodeOf);
  }

  private CompletionStage<Void> done(VnOp op, Cred cred) {
    return call(op, cred, null).thenApply(result -> {
      expect(result, OpReply.class);
      return null;
    });
  }

  private <T extends OpReply> CompletionStage<T> reply(VnOp op, Cred cred, Class<T> type) {
    return call(op, cred, null).thenApply(result -> expect(result, type));
  }

  private static <T extends OpReply> T expect(VnodeResult result, Class<T> type) {
    if (result instanceof VnodeResult.Replied replied && type.isInstance(replied.body())) {
      return type.cast(replied.body());
    }
    if (result instanceof VnodeResult.Failed failed) {
      throw PuffsCompletionException.of(failed.errno());
    }
    throw new PuffsException(Errno.EPROTO, "unexpected " + result);
  }

  private CompletionStage<Void> sameMount(Vnode other) {
    return other.mount == mount ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(new PuffsException(Errno.EXDEV, "vnode of another mount"));
  }

  /** The node's caches, for tests. */
  NodeCache cache() {
    return node.cache();
  }

  @Override
  public String toString() {
    return "Vnode[" + mount.name() + " " + node.cookie() + " " + node.vtype() + "]";
  }
}
