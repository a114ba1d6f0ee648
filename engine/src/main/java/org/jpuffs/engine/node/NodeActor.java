package org.jpuffs.engine.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FlushOp;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.IoFlags;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PollEvents;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.engine.msgif.CheckedReply;
import org.jpuffs.engine.msgif.PendingRequests;
import org.jpuffs.engine.msgif.ReplyCheck;
import org.jpuffs.engine.node.cache.CacheRules;
import org.jpuffs.engine.node.cache.FilePages;
import org.jpuffs.engine.node.cache.MetadataChanges;
import org.jpuffs.engine.node.cache.NodeCache;
import org.jpuffs.engine.node.cache.NodeReferences;

/**
 * One live vnode ({@code struct puffs_node}): it sends the vnode ops of its node to the server, matches the replies by
 * id, vets them ({@link ReplyCheck}), and answers its callers. Ops on different nodes run in parallel because each
 * node is its own actor; the actor never blocks.
 *
 * <p>The mount owns the node's references: it tells the node to {@link Inactivate} when the last reference and open
 * are gone, and to {@link Reclaim} when it is to be forgotten. A reclaimed node sends RECLAIM (fire-and-forget,
 * carrying nlookup) once its last request is answered, and stops.
 */
public final class NodeActor extends AbstractBehavior<NodeActor.Command> {

  /** Dirty bytes a file may hold before they are pushed: puffs flushes at each 64 KiB boundary. */
  public static final int WRITE_BACK_WINDOW = 64 * 1024;

  /** What a node actor understands. */
  public sealed interface Command {}

  /**
   * A client's vnode op on this node.
   *
   * @param op the op
   * @param cred the caller's credentials
   * @param pid the calling process, 0 if unknown
   * @param replyTo where the result goes
   */
  public record Call(VnOp op, Cred cred, int pid, ActorRef<VnodeResult> replyTo) implements Command {}

  /** The node has no references and no opens left ({@code puffs_vnop_inactive}). */
  public record Inactivate() implements Command {}

  /**
   * Forget the node ({@code puffs_vnop_reclaim}); the mount has already dropped it from the cookie table.
   *
   * @param nlookup the lookups and creations the mount counted for it
   */
  public record Reclaim(long nlookup) implements Command {}

  /**
   * Setbacks about this node from a reply to another node's op (the N2 bits, as N1).
   *
   * @param setbacks INACT_N1 and NOREF_N1 bits
   */
  public record Setback(int setbacks) implements Command {}

  /**
   * The server is gone ({@code puffs_userdead}): fail every waiting and every new op with ENXIO.
   *
   * @param drained told once every waiter has been failed, when the mount is waiting for that (unmount); may be null
   */
  public record UserDead(ActorRef<Cookie> drained) implements Command {}

  /**
   * A server-originated cache invalidation or flush for this node (from the sop actor).
   *
   * @param op what to invalidate
   * @param start first byte (page-cache ops)
   * @param end end of the range, 0 = whole file (page-cache ops)
   * @param replyTo the errno for the server
   */
  public record Invalidate(FlushOp op, long start, long end, ActorRef<Errno> replyTo) implements Command {}

  /**
   * Push dirty data to the server ({@code pageflush} of VFS_SYNC).
   *
   * @param waitfor MNT_WAIT, MNT_NOWAIT or MNT_LAZY
   * @param cred the credentials of the sync
   * @param replyTo the errno of the flush
   */
  public record Flush(int waitfor, Cred cred, ActorRef<Errno> replyTo) implements Command {}

  /**
   * Attributes for this node that came with a lookup or create reply to its directory ({@code update_va}).
   *
   * @param va the attributes
   * @param ttl their {@code va_ttl}
   */
  public record SeedAttributes(Vattr va, Timespec ttl) implements Command {}

  /**
   * A directory looked this node up or made it: with CACHE_DOTDOT, ".." of this node is that directory.
   *
   * @param parent the directory
   */
  public record RememberParent(NodeHandle parent) implements Command {}

  /**
   * Another node's op changed this one (a rename into this directory, the target of a remove or link): forget
   * {@code name} here if not null, and the cached attributes.
   *
   * @param name a name in this directory to forget, or null
   * @param parent the new parent for ".." (a renamed directory), or null
   * @param replyTo told when done, so that the op that caused it completes after its caches are right
   */
  public record Changed(String name, NodeHandle parent, ActorRef<Done> replyTo) implements Command {}

  private record ServerReplied(PuffsReply reply) implements Command {}

  /** The engine's page memory is over its bound with only dirty pages left: push ours (another file asks). */
  private record PushDirtyPages() implements Command {}

  /**
   * A client's read sent as a page-aligned read, so that its whole pages can be kept.
   *
   * @param asked the client's read
   * @param aligned the read sent
   * @param generation the file's change count when it was sent
   */
  private record PageRead(VnOp.Read asked, VnOp.Read aligned, long generation) {}

  /** The mount answered a LoadNode for a lookup or create of {@code name}. */
  private record Loaded(String name, boolean entersName, VnodeResult result, ActorRef<VnodeResult> caller)
      implements Command {}

  private record TimedOut(long id) implements Command {}

  private final NodeContext node;
  private final Cookie cookie;
  private final VType vtype;
  private final ActorRef<PuffsReply> replies;
  private final NodeHandle self;
  private final NodeCache cache;
  private final FilePages pages;
  private final Map<Long, PageRead> pageReads = new HashMap<>();
  /** Write-back (the default); KFLAG_WTCACHE makes the page cache write through. */
  private final boolean writeBack;
  /** The engine's own WRITEs pushing dirty pages, by request id. */
  private final Set<Long> flushWrites = new HashSet<>();
  /** What waits for the push in flight to finish (close, fsync, read misses, inactive, VFS_SYNC...). */
  private final List<Consumer<Errno>> afterFlush = new ArrayList<>();
  private Errno flushError = Errno.OK;
  /**
   * SETATTRs that tell the server of a size the pages already have (NOFLUSH_META growths, metadata flushes): they
   * must not cut the pages as a truncation would.
   */
  private final Set<Long> growths = new HashSet<>();
  /** SETATTRs carrying local metadata changes (flushes and folded client SETATTRs), with what they carry. */
  private final Map<Long, MetadataChanges> metadataSent = new HashMap<>();
  /** The metadata cache is on: local times and size overlay attributes until a flush (no NOFLUSH_META). */
  private final boolean metadataCache;
  /** The file's size with the dirty pages: at least the server's. */
  private long localSize;
  /** The server opened the file PUFFS_OPEN_IO_DIRECT: no page cache until it is inactive. */
  private boolean directIo;
  private final PendingRequests<ActorRef<VnodeResult>, Command> pending;
  private long serverSize;
  private boolean dying;
  private boolean doInactive;
  /** Set by the first op that changes this node's attributes: from then on no LOOKUP reply seeds them. */
  private boolean attributesChanged;
  private boolean noRefs;
  private boolean inactivating;
  private long reclaimNlookup = -1;
  private LocalLocks localLocks;

  /** A node actor for {@code cookie}, of type {@code vtype}, whose server size is {@code size}. */
  public static Behavior<Command> create(NodeContext node, Cookie cookie, VType vtype, long size,
      NodeReferences references, NodeCache cache) {
    // On before the handle goes out: a client may read through the cache before the actor has started.
    cache.pages().setEnabled(vtype == VType.VREG && node.caches().cachesPages());
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new NodeActor(ctx, timers, node, cookie, vtype,
        size, references, cache)));
  }

  private NodeActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, NodeContext node, Cookie cookie,
      VType vtype, long size, NodeReferences references, NodeCache cache) {
    super(ctx);
    this.cache = cache;
    this.pages = cache.pages();
    ActorRef<Command> me = ctx.getSelf();
    pages.setPusher(() -> me.tell(new PushDirtyPages()));
    this.metadataCache = node.caches().cachesMetadata();
    this.writeBack = !node.has(KFlags.WTCACHE);
    this.self = new NodeHandle(cookie, vtype, ctx.getSelf(), references, cache);
    this.node = node;
    this.cookie = cookie;
    this.vtype = vtype;
    this.serverSize = size;
    this.localSize = size;
    this.replies = ctx.messageAdapter(PuffsReply.class, ServerReplied::new);
    this.pending = new PendingRequests<>(timers, node.requestTimeout(), TimedOut::new, node.link().parkWatch(),
        ctx.getSelf());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Call.class, this::onCall)
        .onMessage(ServerReplied.class, this::onServerReplied)
        .onMessage(TimedOut.class, this::onTimedOut)
        .onMessage(Inactivate.class, this::onInactivate)
        .onMessage(Reclaim.class, this::onReclaim)
        .onMessage(Setback.class, this::onSetback)
        .onMessage(UserDead.class, this::onUserDead)
        .onMessage(Invalidate.class, this::onInvalidate)
        .onMessage(Flush.class, this::onFlush)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(SeedAttributes.class, this::onSeedAttributes)
        .onMessage(RememberParent.class, this::onRememberParent)
        .onMessage(Changed.class, this::onChanged)
        .onMessage(PushDirtyPages.class, msg -> {
          withPagesPushed(Cred.FSCRED, errno -> { });
          return this;
        })
        .build();
  }

  private Behavior<Command> onCall(Call call) {
    return handle(call, false);
  }

  /** A client's op; {@code synced} once an fsync's range and metadata are on the server. */
  private Behavior<Command> handle(Call call, boolean synced) {
    if (dying || !node.running().getAsBoolean()) {
      call.replyTo().tell(new VnodeResult.Failed(Errno.ENXIO));
      return this;
    }
    if (reclaimNlookup >= 0) {
      // A client used a handle after giving it back.
      call.replyTo().tell(new VnodeResult.Failed(Errno.ESTALE));
      return this;
    }
    VnOp op = call.op();
    if (op instanceof VnOp.Fsync fsync && !synced) {
      // fsync writes back its range (puffs: trunc_page(offlo) to round_page(offhi), 0 = to the end), then the
      // metadata as one SETATTR, and only then is FSYNC sent.
      syncRange(fsync.offlo(), fsync.offhi(), call.cred(), errno -> {
        if (errno.isOk()) {
          handle(call, true);
        } else {
          call.replyTo().tell(new VnodeResult.Failed(errno));
        }
      });
      return this;
    }
    if (needsPushedPages(op) && (pages.hasDirty() || !flushWrites.isEmpty())) {
      // Dirty pages go to the server first; the op then runs as if it had just arrived.
      withPagesPushed(call.cred(), errno -> onCall(call));
      return this;
    }
    if (op instanceof VnOp.Lookup lookup && resolvesToSelf(lookup.cn().name())) {
      node.mount().tell(new MountNotice.AddReference(cookie, call.replyTo()));
      return this;
    }
    Optional<VnodeResult> local = localAnswer(op);
    if (local.isPresent()) {
      // The mount hears of the close before the caller does, so that the caller's next unmount is not EBUSY.
      if (op instanceof VnOp.Close && local.get() instanceof VnodeResult.Replied) {
        node.mount().tell(new MountNotice.OpenCount(cookie, -1));
      }
      call.replyTo().tell(local.get());
      return this;
    }
    if (op instanceof VnOp.Advlock lock && !sends(VnOpType.ADVLOCK)) {
      lockLocally(lock, call.replyTo());
      return this;
    }
    if (op instanceof VnOp.Write write) {
      if (absorbed(write, call)) {
        return this;
      }
      if (pages.hasDirty() || !flushWrites.isEmpty()) {
        // A write sent as it is lands after the pushes of the writes before it, never beside them: a server running
        // ops in parallel could otherwise apply the older bytes last.
        withPagesPushed(call.cred(), errno -> send(call));
        return this;
      }
    }
    return send(call);
  }

  /** Sends the call's op to the server (or fire-and-forget) and keeps it pending for the reply. */
  private Behavior<Command> send(Call call) {
    VnOp op = call.op();
    if (isFireAndForget(op)) {
      node.link().sendFaf(cookie, call.cred(), call.pid(), op);
      if (op instanceof VnOp.Close) {
        node.mount().tell(new MountNotice.OpenCount(cookie, -1));
      }
      call.replyTo().tell(new VnodeResult.Replied(OpReply.None.INSTANCE));
      return this;
    }
    beforeSend(op);
    PageRead pageRead = op instanceof VnOp.Read read ? pageRead(read) : null;
    MetadataChanges folded = op instanceof VnOp.Setattr setattr ? foldMetadata(setattr) : null;
    VnOp sent = pageRead != null ? pageRead.aligned()
        : folded != null ? new VnOp.Setattr(folded.foldedInto(((VnOp.Setattr) op).va())) : op;
    PuffsRequest request = node.link().send(cookie, call.cred(), call.pid(), sent, replies);
    pending.add(request, call.replyTo(), isBlockingLock(op));
    if (pageRead != null) {
      pageReads.put(request.id(), pageRead);
    }
    if (folded != null) {
      metadataSent.put(request.id(), folded);
    }
    return this;
  }

  /**
   * A client's SETATTR takes the local times it does not set itself ({@code dosetattr}); the times it sets win at
   * once. Returns the local changes folded in, or null if there are none.
   */
  private MetadataChanges foldMetadata(VnOp.Setattr setattr) {
    if (!metadataCache) {
      return null;
    }
    MetadataChanges local = cache.metadataChanges().withSize(Vattr.VNOVAL);
    cache.metadataOverridden(setattr.va());
    return local.isEmpty() ? null : local;
  }

  /**
   * Ops that must see the server hold every byte written so far: data and size readers (read misses, getattr),
   * setattr, the durability point close and the ops that change data behind the pages. fsync, the other durability
   * point, pushes only its range ({@link #syncRange}).
   */
  private boolean needsPushedPages(VnOp op) {
    // With the metadata cache a getattr needs no push: the local size and times overlay the server's answer.
    return op instanceof VnOp.Read || (op instanceof VnOp.Getattr && !metadataCache) || op instanceof VnOp.Setattr
        || op instanceof VnOp.Close || op instanceof VnOp.Fallocate
        || op instanceof VnOp.Fdiscard;
  }

  /**
   * Write-back: a write that fits the pages becomes dirty pages and is answered at once; once
   * {@value #WRITE_BACK_WINDOW} bytes are dirty they are pushed before the write is answered, as puffs flushes at
   * each 64 KiB boundary so memory cannot run away. Returns {@code false} if the write must be sent as it is.
   */
  private boolean absorbed(VnOp.Write write, Call call) {
    if (!writeBack || directIo || !pages.isEnabled() || write.data().size() >= WRITE_BACK_WINDOW
        || (write.ioflag() & IoFlags.IO_SYNC) != 0) {
      return false;
    }
    attributesChanged = true;
    cache.dropAttributes();
    if (!pages.written(write.offset(), write.data(), localSize, true)) {
      return false;
    }
    long end = write.offset() + write.data().size();
    localSize = Math.max(localSize, end);
    cache.written(localSize > serverSize ? localSize : Vattr.VNOVAL);
    OpReply.Resid done = new OpReply.Resid(0);
    if (node.has(KFlags.NOFLUSH_META) && end > serverSize && sends(VnOpType.SETATTR)) {
      // No metadata cache: the server hears of the new size at once, by a synchronous SETATTR (puffs_vnop_write).
      PuffsRequest grow = node.link().send(cookie, call.cred(), call.pid(),
          new VnOp.Setattr(Vattr.builder().size(end).build()), replies);
      pending.add(grow, null, false);
      growths.add(grow.id());
      flushStarted(grow.id());
      afterFlush.add(errno -> call.replyTo().tell(errno.isOk()
          ? new VnodeResult.Replied(done) : new VnodeResult.Failed(errno)));
    } else if (pages.dirtyBytes() >= WRITE_BACK_WINDOW || pages.memory().isOver()) {
      if (pages.memory().isOver()) {
        // The engine's page memory holds only dirty pages: they are pushed (ours now, the others' on their actors)
        // so that they become clean and can make room.
        pages.memory().relieve(pages);
      }
      withPagesPushed(call.cred(), errno -> call.replyTo().tell(errno.isOk()
          ? new VnodeResult.Replied(done) : new VnodeResult.Failed(errno)));
    } else {
      call.replyTo().tell(new VnodeResult.Replied(done));
    }
    return true;
  }

  /** Pushes the dirty pages and runs {@code then} with the first error once every push WRITE is answered. */
  private void withPagesPushed(Cred cred, Consumer<Errno> then) {
    withPagesPushed(0, 0, cred, then);
  }

  /**
   * Pushes the dirty pages touching {@code [start, end)} ({@code end} 0: to the end of file) and runs {@code then}
   * with the first error once every push in flight (these and earlier ones) is answered.
   */
  private void withPagesPushed(long start, long end, Cred cred, Consumer<Errno> then) {
    if (!flushWrites.isEmpty()) {
      // One push (or metadata SETATTR) at a time: a page pushed again while its previous push is in flight, or a
      // stale size beside a newer write, could be applied out of order by a server that runs ops in parallel (puffs
      // keeps a page busy while its write is under way). The error of the pushes waited for is this one's too.
      afterFlush.add(earlier -> withPagesPushed(start, end, cred,
          errno -> then.accept(earlier.isOk() ? errno : earlier)));
      return;
    }
    int most = (int) PuffsConstants.toMove(Integer.MAX_VALUE, node.args().maxmsglen());
    for (FilePages.DirtyRun run : pages.takeDirty(start, end)) {
      for (int at = 0; at < run.data().length; at += most) {
        int n = Math.min(most, run.data().length - at);
        VnOp.Write push = new VnOp.Write(run.offset() + at, 0, Bytes.of(run.data(), at, n));
        PuffsRequest request = node.link().send(cookie, cred, 0, push, replies);
        pending.add(request, null, false);
        flushStarted(request.id());
      }
    }
    if (flushWrites.isEmpty()) {
      then.accept(Errno.OK);
    } else {
      afterFlush.add(then);
    }
  }

  /**
   * {@code flushvncache}: the dirty pages of {@code [start, end)}, then the local metadata as one SETATTR; {@code then}
   * gets the first error. The pages go first so that the SETATTR's times are the last the server sets.
   */
  private void syncRange(long start, long end, Cred cred, Consumer<Errno> then) {
    withPagesPushed(start, end, cred, errno -> {
      if (errno.isOk()) {
        withMetadataFlushed(then);
      } else {
        then.accept(errno);
      }
    });
  }

  /** Sends the local time and size changes as one SETATTR (FSCRED) and runs {@code then} once it is answered. */
  private void withMetadataFlushed(Consumer<Errno> then) {
    if (!flushWrites.isEmpty()) {
      // After the pushes in flight, as withPagesPushed does, and with the changes as they are then.
      afterFlush.add(earlier -> withMetadataFlushed(errno -> then.accept(earlier.isOk() ? errno : earlier)));
      return;
    }
    MetadataChanges changes = cache.metadataChanges();
    if (!metadataCache || dying || changes.isEmpty()) {
      then.accept(Errno.OK);
      return;
    }
    // puffs clears the attribute timeout before a SETATTR, so that no hit answers from what is about to change.
    cache.dropAttributes();
    PuffsRequest request = node.link().send(cookie, Cred.FSCRED, 0, new VnOp.Setattr(changes.asSetattr()), replies);
    pending.add(request, null, false);
    metadataSent.put(request.id(), changes);
    growths.add(request.id());
    flushStarted(request.id());
    afterFlush.add(then);
  }

  /** A push WRITE or metadata SETATTR {@code id} is at the server; clients see that the node is flushing. */
  private void flushStarted(long id) {
    flushWrites.add(id);
    cache.flushing(true);
  }

  /** Whether a flush has local metadata to send. */
  private boolean hasMetadataToFlush() {
    return metadataCache && !cache.metadataChanges().isEmpty();
  }

  /** One push WRITE is answered; the last one releases what waited for the push. */
  private void pushed(long id, Errno errno) {
    growths.remove(id);
    MetadataChanges sent = metadataSent.remove(id);
    if (sent != null) {
      // puffs clears the flags whatever the answer; a size stays until the server has it (the pushes bring it).
      cache.metadataSent(errno.isOk() ? sent : sent.withSize(Vattr.VNOVAL));
    }
    if (!flushWrites.remove(id)) {
      return;
    }
    cache.flushing(!flushWrites.isEmpty());
    if (!errno.isOk() && flushError.isOk()) {
      flushError = errno;
    }
    if (flushWrites.isEmpty()) {
      // Pages pushed because the engine's memory was over its bound are clean now and can make it whole again.
      pages.dropCleanOverBound();
      Errno result = flushError;
      flushError = Errno.OK;
      List<Consumer<Errno>> waiting = new ArrayList<>(afterFlush);
      afterFlush.clear();
      waiting.forEach(waiter -> waiter.accept(result));
    }
  }

  /** A read through the page cache asks for the whole pages it touches, if they fit in one message. */
  private PageRead pageRead(VnOp.Read read) {
    if (!pages.isEnabled() || read.resid() <= 0) {
      return null;
    }
    long start = read.offset() / FilePages.PAGE * FilePages.PAGE;
    long end = (read.offset() + read.resid() + FilePages.PAGE - 1) / FilePages.PAGE * FilePages.PAGE;
    if (end - start > PuffsConstants.toMove(end - start, node.args().maxmsglen())) {
      return null;
    }
    return new PageRead(read, new VnOp.Read(start, end - start, read.ioflag()), pages.generation());
  }

  /** What the client asked of a page-aligned read's answer, with the pages kept on the way. */
  private OpReply.ReadData fromPages(PageRead read, OpReply.ReadData data) {
    pages.filled(read.aligned().offset(), (int) read.aligned().resid(), data.data(), read.generation());
    int skip = (int) (read.asked().offset() - read.aligned().offset());
    int n = (int) Math.max(0, Math.min(read.asked().resid(), data.data().size() - skip));
    return new OpReply.ReadData(n == 0 ? Bytes.EMPTY : data.data().slice(skip, skip + n), read.asked().resid() - n);
  }

  /**
   * Cache entries the op is about to make wrong go before it is sent, so that no hit can answer from them once
   * the server may have acted: setattr clears the attribute timeout first (puffs), a remove or rename purges its
   * names, a create or link the negative entry of its name.
   */
  private void beforeSend(VnOp op) {
    if (CacheRules.changesAttributes(op)) {
      attributesChanged = true;
      cache.dropAttributes();
    }
    if (op instanceof VnOp.Write write) {
      pages.written(write.offset(), write.data(), localSize, false);
      localSize = Math.max(localSize, write.offset() + write.data().size());
    } else if (op instanceof VnOp.Setattr setattr && Vattr.isSet(setattr.va().size())) {
      pages.changing();
    } else if (op instanceof VnOp.Fallocate || op instanceof VnOp.Fdiscard) {
      pages.clear();
    }
    String created = op instanceof VnOp.Lookup ? null : CacheRules.nameOf(op);
    if (created != null) {
      cache.purgeName(created);
    } else if (op instanceof VnOp.Remove remove) {
      cache.purgeName(remove.cn().name());
    } else if (op instanceof VnOp.Rmdir rmdir) {
      cache.purgeName(rmdir.cn().name());
    } else if (op instanceof VnOp.Link link) {
      cache.purgeName(link.cn().name());
    } else if (op instanceof VnOp.Rename rename) {
      cache.purgeName(rename.sourceName().name());
      if (rename.targetDir().equals(cookie)) {
        cache.purgeName(rename.targetName().name());
      }
    }
  }

  /** "." is this node, and so is ".." of the root; the kernel never asks the server for them. */
  private boolean resolvesToSelf(String name) {
    return name.equals(".") || (name.equals("..") && cookie.equals(node.args().rootCookie()));
  }

  private Optional<VnodeResult> localAnswer(VnOp op) {
    if (op instanceof VnOp.Open open) {
      Optional<VnodeResult> refused =
          OpMaskRules.openPrecheck(open, node.args().vnopmask(), node.args().flags(), vtype);
      if (refused.isPresent()) {
        return refused;
      }
    }
    Optional<VnodeResult> answer = OpMaskRules.localAnswer(op, node.args().vnopmask(), node.args().flags(), vtype);
    if (answer.isPresent() && op instanceof VnOp.Open) {
      node.mount().tell(new MountNotice.OpenCount(cookie, +1));
    }
    return answer;
  }

  private boolean sends(VnOpType type) {
    return node.has(KFlags.ALLOPS) || node.args().vnopmask().contains(type);
  }

  /** CLOSE, ABORTOP and a non-waiting or lazy FSYNC never wait for the server. */
  private static boolean isFireAndForget(VnOp op) {
    if (op.alwaysFaf()) {
      return true;
    }
    if (op instanceof VnOp.Fsync fsync) {
      return (fsync.flags() & FsyncFlags.FSYNC_WAIT) == 0 || (fsync.flags() & FsyncFlags.FSYNC_LAZY) != 0;
    }
    return false;
  }

  /** A lock request that waits for the lock may wait as long as it takes: no timeout. */
  private static boolean isBlockingLock(VnOp op) {
    return op instanceof VnOp.Advlock lock && (lock.flags() & VnOp.Advlock.F_WAIT) != 0;
  }

  private void lockLocally(VnOp.Advlock lock, ActorRef<VnodeResult> replyTo) {
    if (localLocks == null) {
      localLocks = new LocalLocks();
    }
    try {
      localLocks.apply(lock, granted -> replyTo.tell(new VnodeResult.Replied(new OpReply.Lock(granted.orElseThrow()))));
    } catch (PuffsException e) {
      replyTo.tell(new VnodeResult.Failed(e.errno()));
    }
  }

  private Behavior<Command> onServerReplied(ServerReplied msg) {
    PuffsReply reply = msg.reply();
    Optional<PendingRequests.Pending<ActorRef<VnodeResult>>> done = pending.complete(reply.id());
    if (done.isEmpty()) {
      if (!pending.wasAbandoned(reply.id())) {
        // NetBSD drops these silently ("XXX send error"); the server deserves to know.
        node.link().report(cookie, new ErrorReport(PuffsErr.ERROR, Errno.EINVAL,
            "reply with unknown id " + reply.id()));
      }
      return this;
    }
    PuffsRequest request = done.get().request();
    ActorRef<VnodeResult> caller = done.get().caller();
    PageRead pageRead = pageReads.remove(reply.id());
    CheckedReply checked = ReplyCheck.check(request, reply, node.cookies());
    applySetbacks(request, checked instanceof CheckedReply.Ok ok ? ok.setbacks()
        : ((CheckedReply.Failed) checked).setbacks());
    if (checked instanceof CheckedReply.Failed failed) {
      failed.report().ifPresent(report -> node.link().report(cookie, report));
      if (request.op() instanceof VnOp.Write || request.op() instanceof VnOp.Setattr) {
        // The pages took bytes (or a size) the server did not: the clean ones go, the server's copy is the truth.
        pages.invalidate(0, 0);
        if (!pages.hasDirty()) {
          localSize = serverSize;
          cache.sizeKnown();
        }
      }
      if (failed.errno().equals(Errno.ENOENT) && request.op() instanceof VnOp.Lookup lookup
          && CacheRules.usesNameCache(lookup.cn())) {
        cache.enterNegative(lookup.cn().name());
      }
      answer(request, caller, failedResult(request, failed.errno()));
    } else {
      OpReply body = ((CheckedReply.Ok) checked).body();
      succeeded(request, pageRead == null ? body : fromPages(pageRead, (OpReply.ReadData) body), caller);
    }
    pushed(reply.id(), checked instanceof CheckedReply.Failed failed ? failed.errno() : Errno.OK);
    return afterReply();
  }

  /**
   * What a caller gets for a failed op: its errno, except for POLL, whose failure is an event on the file
   * ({@code puffs_parkdone_poll}, with the error test NetBSD 1.67 has inverted put right).
   */
  private static VnodeResult failedResult(PuffsRequest request, Errno errno) {
    if (request.op() instanceof VnOp.Poll) {
      return new VnodeResult.Replied(new OpReply.PollReady(PollEvents.POLLERR));
    }
    return new VnodeResult.Failed(errno);
  }

  private void succeeded(PuffsRequest request, OpReply body, ActorRef<VnodeResult> caller) {
    VnOp op = (VnOp) request.op();
    if (op instanceof VnOp.Lookup lookup) {
      OpReply.NewNode found = (OpReply.NewNode) body;
      load(new MountNotice.LoadNode(request, found, found.vtype(), true, caller),
          CacheRules.usesNameCache(lookup.cn()));
      return;
    }
    if (ReplyCheck.creates(op)) {
      load(new MountNotice.LoadNode(request, (OpReply.NewNode) body, ReplyCheck.createdType(op), false, caller),
          true);
      return;
    }
    if (CacheRules.changesAttributes(op)) {
      // A getattr answered while the op was in flight may have published the old attributes again.
      cache.dropAttributes();
    }
    if (body instanceof OpReply.Attributes attributes && (!pages.hasDirty() || metadataCache)) {
      // With dirty pages the server's size is not the file's: such attributes are kept only where the metadata
      // cache overlays the local size on them.
      cache.publishAttributes(attributes.va(), attributes.vaTtl());
    }
    boolean growth = growths.remove(request.id());
    if (op instanceof VnOp.Setattr && body instanceof OpReply.Attributes attributes && !growth) {
      long size = Vattr.isSet(attributes.va().size()) ? attributes.va().size() : ((VnOp.Setattr) op).va().size();
      if (Vattr.isSet(((VnOp.Setattr) op).va().size()) && Vattr.isSet(size)) {
        pages.truncated(size);
      }
    }
    if (op instanceof VnOp.Open) {
      if (body instanceof OpReply.Opened opened && (opened.oflags() & OpenFlags.PUFFS_OPEN_IO_DIRECT) != 0) {
        directIo = true;
        withPagesPushed(Cred.FSCRED, errno -> {
          if (directIo) {
            pages.setEnabled(false);
          }
        });
      }
      node.mount().tell(new MountNotice.OpenCount(cookie, +1));
    } else if (body instanceof OpReply.Attributes attributes && Vattr.isSet(attributes.va().size())) {
      serverSize = attributes.va().size();
    } else if (op instanceof VnOp.Write write) {
      serverSize = Math.max(serverSize, write.offset() + write.data().size());
      if (caller != null) {
        // A client's write sent as it is (write-through, uncached): the times are local until the next flush.
        cache.written(Vattr.VNOVAL);
      }
    }
    // The local size may run ahead of the server's (dirty pages, writes in flight), never behind it: pages past it
    // are made as zeros. Only a truncation brings it down.
    boolean truncation = op instanceof VnOp.Setattr setattr && Vattr.isSet(setattr.va().size()) && !growth;
    localSize = truncation ? serverSize : Math.max(localSize, serverSize);
    if (localSize <= serverSize) {
      cache.sizeKnown();
    }
    if (body instanceof OpReply.Attributes attributes && metadataCache && caller != null) {
      // update_va: the caller sees the local times and size over the server's.
      body = new OpReply.Attributes(cache.overlay(attributes.va()), attributes.vaTtl());
    }
    answer(request, caller, new VnodeResult.Replied(body));
  }

  /**
   * The mount finds or makes the node (and counts the caller's reference); the answer comes back here first, so that
   * this directory can enter the name and hand the child its attributes before the caller hears of it.
   */
  private void load(MountNotice.LoadNode load, boolean entersName) {
    String name = CacheRules.nameOf((VnOp) load.request().op());
    Asks.ask(getContext(), VnodeResult.class, node.mount(), node.requestTimeout(),
        (ActorRef<VnodeResult> replyTo) -> new MountNotice.LoadNode(load.request(), load.reply(), load.vtype(),
            load.mayExist(), replyTo),
        (result, failure) -> new Loaded(name, entersName,
            failure == null ? result : new VnodeResult.Failed(Errno.ENXIO), load.replyTo()));
  }

  private Behavior<Command> onLoaded(Loaded msg) {
    if (msg.result() instanceof VnodeResult.Found found && !dying) {
      NodeHandle child = found.node();
      if (msg.entersName()) {
        cache.enterName(msg.name(), child, found.reply());
      }
      if (node.has(KFlags.CACHE_FS_TTL) && !child.equals(self)) {
        child.actor().tell(new SeedAttributes(found.reply().va(), found.reply().vaTtl()));
      }
      if (child.vtype() == VType.VDIR && node.has(KFlags.CACHE_DOTDOT) && !child.equals(self)) {
        child.actor().tell(new RememberParent(self));
      }
    }
    msg.caller().tell(msg.result());
    return this;
  }

  private Behavior<Command> onSeedAttributes(SeedAttributes msg) {
    // A LOOKUP reply travels through the directory and the mount before it gets here, so it may have been answered
    // before a change this node has made since (a write pushed at inactive, a rename): only a node that has changed
    // nothing yet takes it. Later attributes come from GETATTR and SETATTR replies, which are dropped when a change
    // was in flight.
    if (!attributesChanged && !pages.hasDirty() && flushWrites.isEmpty()) {
      cache.publishAttributes(msg.va(), msg.ttl());
    }
    return this;
  }

  private Behavior<Command> onRememberParent(RememberParent msg) {
    cache.rememberParent(msg.parent());
    return this;
  }

  private Behavior<Command> onChanged(Changed msg) {
    attributesChanged = true;
    cache.dropAttributes();
    if (msg.name() != null) {
      cache.purgeName(msg.name());
    }
    if (msg.parent() != null) {
      cache.rememberParent(msg.parent());
    }
    msg.replyTo().tell(Done.getInstance());
    return this;
  }

  private void answer(PuffsRequest request, ActorRef<VnodeResult> caller, VnodeResult result) {
    if (request.op() instanceof VnOp.Inactive) {
      // INACTIVE is the engine's own request: its error is ignored, as puffs does.
      inactivated();
    } else if (caller != null) {
      caller.tell(result);
    }
  }

  /** N1 bits concern this node; N2 bits the op's second node, which the mount forwards them to. */
  private void applySetbacks(PuffsRequest request, int setbacks) {
    if ((setbacks & Setbacks.INACT_N1) != 0) {
      doInactive = true;
    }
    if ((setbacks & Setbacks.NOREF_N1) != 0) {
      noRefs = true;
    }
    int n2 = setbacks & (Setbacks.INACT_N2 | Setbacks.NOREF_N2);
    Cookie second = secondNode((VnOp) request.op());
    if (n2 != 0 && second != null && !second.isNone()) {
      node.mount().tell(new MountNotice.SetbackFor(second, n2 >> 1));
    }
  }

  private static Cookie secondNode(VnOp op) {
    if (op instanceof VnOp.Remove remove) {
      return remove.target();
    } else if (op instanceof VnOp.Rmdir rmdir) {
      return rmdir.target();
    } else if (op instanceof VnOp.Link link) {
      return link.target();
    } else if (op instanceof VnOp.Rename rename) {
      return rename.target();
    }
    return null;
  }

  private Behavior<Command> onTimedOut(TimedOut msg) {
    pageReads.remove(msg.id());
    pushed(msg.id(), Errno.ETIMEDOUT);
    pending.timeOut(msg.id()).ifPresent(late -> {
      getContext().getLog().warn("{}: {} got no reply within {}", node.mountName(), late.request(),
          node.requestTimeout());
      answer(late.request(), late.caller(), new VnodeResult.Failed(Errno.ETIMEDOUT));
    });
    return afterReply();
  }

  private Behavior<Command> onSetback(Setback msg) {
    doInactive |= (msg.setbacks() & Setbacks.INACT_N1) != 0;
    noRefs |= (msg.setbacks() & Setbacks.NOREF_N1) != 0;
    return this;
  }

  /**
   * {@code puffs_vnop_inactive}: INACTIVE goes to the server if it implements it and, on IAONDEMAND mounts, only if
   * the server asked for it with a setback.
   */
  private Behavior<Command> onInactivate(Inactivate msg) {
    if (pages.hasDirty() || !flushWrites.isEmpty() || hasMetadataToFlush()) {
      // puffs flushes a node's pages and metadata before INACTIVE: the last close is a durability point.
      inactivating = true;
      syncRange(0, 0, Cred.FSCRED, errno -> inactivate());
      return this;
    }
    inactivate();
    return this;
  }

  private void inactivate() {
    if (directIo) {
      // PNODE_RDIRECT/WDIRECT last until inactive.
      directIo = false;
      pages.setEnabled(vtype == VType.VREG && node.caches().cachesPages() && !dying);
    }
    boolean wanted = sends(VnOpType.INACTIVE)
        && (!node.has(KFlags.IAONDEMAND) || doInactive || node.has(KFlags.ALLOPS));
    doInactive = false;
    if (!wanted || dying) {
      inactivated();
      return;
    }
    inactivating = true;
    PuffsRequest request = node.link().send(cookie, Cred.FSCRED, 0, new VnOp.Inactive(), replies);
    pending.add(request, null, false);
  }

  private void inactivated() {
    inactivating = false;
    node.mount().tell(new MountNotice.Inactivated(cookie, noRefs));
  }

  private Behavior<Command> onReclaim(Reclaim msg) {
    // Purged first: another lookup may already be making this node again (the reclaim ordering hazard).
    cache.close();
    reclaimNlookup = msg.nlookup();
    return afterReply();
  }

  /** A reclaimed node goes once nothing of it is in flight, sending RECLAIM last. */
  private Behavior<Command> afterReply() {
    if (reclaimNlookup < 0 || !pending.isEmpty() || inactivating) {
      return this;
    }
    if (!dying && sends(VnOpType.RECLAIM)) {
      node.link().sendFaf(cookie, Cred.FSCRED, 0, new VnOp.Reclaim(reclaimNlookup));
    }
    return Behaviors.stopped();
  }

  private Behavior<Command> onUserDead(UserDead msg) {
    dying = true;
    cache.close();
    for (Long push : List.copyOf(flushWrites)) {
      pushed(push, Errno.ENXIO);
    }
    for (PendingRequests.Pending<ActorRef<VnodeResult>> waiting : pending.drain()) {
      answer(waiting.request(), waiting.caller(), new VnodeResult.Failed(Errno.ENXIO));
    }
    inactivating = false;
    if (msg.drained() != null) {
      msg.drained().tell(cookie);
    }
    return afterReply();
  }

  /** {@code puffsop_flush} for this node: the checks, then the caches. */
  private Behavior<Command> onInvalidate(Invalidate msg) {
    Errno errno = invalidationError(msg);
    if (errno.isOk() && msg.op() == FlushOp.FLUSH_PAGECACHE_NODE_RANGE) {
      withPagesPushed(Cred.FSCRED, msg.replyTo()::tell);
      return this;
    }
    if (errno.isOk()) {
      if (msg.op() == FlushOp.INVAL_NAMECACHE_NODE) {
        cache.purgeNode();
      } else if (msg.op() == FlushOp.INVAL_NAMECACHE_DIR) {
        cache.purgeNames();
      } else if (msg.op() == FlushOp.INVAL_PAGECACHE_NODE_RANGE) {
        pages.invalidate(msg.start(), msg.end());
      }
    }
    msg.replyTo().tell(errno);
    return this;
  }

  private Errno invalidationError(Invalidate msg) {
    switch (msg.op()) {
      case INVAL_NAMECACHE_DIR:
        return vtype == VType.VDIR ? Errno.OK : Errno.EINVAL;
      case INVAL_PAGECACHE_NODE_RANGE:
      case FLUSH_PAGECACHE_NODE_RANGE:
        if (vtype != VType.VREG || msg.end() > localSize || (msg.end() != 0 && msg.start() >= msg.end())
            || msg.start() < 0) {
          return Errno.EINVAL;
        }
        return Errno.OK;
      case INVAL_NAMECACHE_NODE:
      case INVAL_NAMECACHE_ALL:
      default:
        return Errno.OK;
    }
  }

  /** {@code pageflush} of VFS_SYNC: the dirty pages go to the server before the mount sends SYNC. */
  private Behavior<Command> onFlush(Flush msg) {
    if (dying) {
      msg.replyTo().tell(Errno.ENXIO);
      return this;
    }
    syncRange(0, 0, msg.cred(), msg.replyTo()::tell);
    return this;
  }
}
