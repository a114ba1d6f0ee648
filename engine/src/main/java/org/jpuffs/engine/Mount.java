package org.jpuffs.engine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.protocol.PuffsCompletionException;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.dispatch.CallerRuns;
import org.jpuffs.engine.mount.MountActor;
import org.jpuffs.engine.mount.MountCommand;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.engine.node.NodeHandle;
import org.jpuffs.engine.node.VnodeResult;
import org.jpuffs.engine.recovery.ServerFactory;
import org.jpuffs.engine.sop.InvalidationListener;

/**
 * A mounted server, as clients see it: the VFS ops ({@code struct vfsops}) of one mount. Every method returns a
 * {@link CompletionStage} that fails with a {@link PuffsException} carrying the errno puffs would return.
 */
public final class Mount {

  private final MountRequest request;
  private final MountArgs args;
  private final ActorRef<MountActor.Command> actor;
  private final List<InvalidationListener> listeners;
  private final EngineCalls calls;
  private final NameLocks nameLocks = new NameLocks();

  Mount(MountRequest request, MountArgs args, ActorRef<MountActor.Command> actor,
      List<InvalidationListener> listeners, EngineCalls calls) {
    this.request = request;
    this.args = args;
    this.actor = actor;
    this.listeners = listeners;
    this.calls = calls;
  }

  /** The mount's name. */
  public String name() {
    return request.name();
  }

  /** The request this mount was made with. */
  public MountRequest request() {
    return request;
  }

  /** VFS_START: MOUNTING → RUNNING. {@link PuffsEngine#mount} has done it already. */
  public CompletionStage<Void> start() {
    return calls.<MountActor.Command, Errno>ask(actor, MountCommand.Start::new).thenApply(Mount::orThrow);
  }

  /**
   * Attaches {@code server} to a RECOVERING mount (its server died, or the engine restarted): a new epoch begins and
   * the mount runs again. Fails with EBUSY if the mount is RUNNING, ENXIO if it is not recovering.
   */
  public CompletionStage<Void> attach(ActorRef<ServerRuntime.Command> server) {
    Objects.requireNonNull(server, "server");
    return calls.<MountActor.Command, Errno>ask(actor, replyTo -> new MountCommand.Attach(server, replyTo))
        .thenApply(Mount::orThrow);
  }

  /**
   * Registers {@code factory} (null removes it): from now on, whenever the server dies, the mount spawns a new one
   * from it and attaches it as {@link #attach} would, retrying with exponential back-off
   * ({@code jpuffs.engine.recovery.restart}) when the factory throws, the server does not catch up or dies again,
   * within the recovery deadline. A RECOVERING mount without a server (e.g. restored by an engine restart) asks the
   * factory at once.
   */
  public CompletionStage<Void> setServerFactory(ServerFactory factory) {
    return calls.<MountActor.Command, Errno>ask(actor, replyTo -> new MountCommand.SetServerFactory(factory, replyTo))
        .thenApply(Mount::orThrow);
  }

  /** The mount's status with its session, epoch, parked requests and recovery progress. */
  public CompletionStage<MountInfo> info() {
    return calls.ask(actor, MountCommand.GetInfo::new);
  }

  /** The mount's status. */
  public CompletionStage<MountStatus> status() {
    return calls.ask(actor, MountCommand.GetStatus::new);
  }

  /** MNT_GETARGS: the mount arguments as the engine stored them, sanitized. */
  public CompletionStage<MountArgs> args() {
    return calls.ask(actor, MountCommand.GetArgs::new);
  }

  /** VFS_ROOT: a reference to the root vnode. Never asks the server; give it back with {@link Vnode#release()}. */
  public CompletionStage<Vnode> root() {
    return calls.<MountActor.Command, VnodeResult>ask(actor, MountCommand.Root::new).thenApply(this::vnodeOf);
  }

  /**
   * VFS_STATVFS. While MOUNTING it fails with EINPROGRESS without asking the server; a failure is a
   * {@link StatvfsException} that still carries the mount's own statistics.
   */
  public CompletionStage<Statvfs> statvfs(Cred cred) {
    return calls.<MountActor.Command, MountCommand.StatvfsAnswer>ask(actor,
        replyTo -> new MountCommand.GetStatvfs(cred, replyTo)).thenApply(answer -> {
          if (!answer.errno().isOk()) {
            throw new StatvfsException(answer.errno(), answer.statvfs());
          }
          return answer.statvfs();
        });
  }

  /** VFS_SYNC: flushes every dirty regular node, then asks the server; the first error is reported. */
  public CompletionStage<Void> sync(int waitfor, Cred cred) {
    return calls.<MountActor.Command, Errno>ask(actor, replyTo -> new MountCommand.Sync(waitfor, cred, replyTo))
        .thenApply(Mount::orThrow);
  }

  /** VFS_FHTOVP: the vnode of a file handle this mount's server made. */
  public CompletionStage<Vnode> fhToVnode(FileHandle handle, Cred cred) {
    return calls.<MountActor.Command, VnodeResult>ask(actor,
        replyTo -> new MountCommand.FhToVnode(handle, cred, replyTo)).thenApply(this::vnodeOf);
  }

  /**
   * VFS_VPTOFH: a file handle for {@code vnode}, in at most {@code size} bytes counted with puffs' 4-byte overlay. A
   * buffer that is too small fails with {@link FileHandleSizeException}, which says the size needed.
   */
  public CompletionStage<FileHandle> vnodeToFh(Vnode vnode, int size, Cred cred) {
    if (vnode.mount() != this) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.EXDEV, "vnode of another mount"));
    }
    return calls.<MountActor.Command, MountCommand.FhAnswer>ask(actor,
        replyTo -> new MountCommand.VnodeToFh(vnode.cookie(), size, cred, replyTo)).thenApply(answer -> {
          if (answer.errno().equals(Errno.E2BIG) && answer.size() > 0) {
            throw new FileHandleSizeException(answer.size());
          }
          orThrow(answer.errno());
          return answer.handle();
        });
  }

  /**
   * VFS_EXTATTRCTL for {@code vnode} (null for the whole file system); the node is held while the server works.
   *
   * @param attrName the attribute name, or null for none
   */
  public CompletionStage<Void> extattrctl(Vnode vnode, int cmd, int attrNamespace, String attrName, Cred cred) {
    if (vnode != null && vnode.mount() != this) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.EXDEV, "vnode of another mount"));
    }
    Cookie node = vnode == null ? Cookie.NONE : vnode.cookie();
    return calls.<MountActor.Command, Errno>ask(actor,
        replyTo -> new MountCommand.Extattrctl(node, cmd, attrNamespace, attrName, cred, replyTo))
        .thenApply(Mount::orThrow);
  }

  /** VFS_SNAPSHOT: puffs does not support it (EOPNOTSUPP). */
  public CompletionStage<Void> snapshot() {
    return calls.<MountActor.Command, Errno>ask(actor, MountCommand.Snapshot::new).thenApply(Mount::orThrow);
  }

  /**
   * VFS_UNMOUNT. Fails with EBUSY while a vnode is referenced or open (unless {@code MNT_FORCE}); the server may
   * refuse an unmount that is not forced. Like NetBSD's {@code dounmount}, an unforced unmount first syncs (VFS_SYNC
   * with MNT_WAIT), so that the page caches' dirty data reaches the server; a failing sync does not stop it here.
   */
  public CompletionStage<Void> unmount(int flags) {
    CompletionStage<Void> synced = (flags & MountFlags.MNT_FORCE) != 0 ? CompletableFuture.completedFuture(null)
        : sync(MountFlags.MNT_WAIT, Cred.FSCRED).handle((ok, failure) -> null);
    return synced.thenCompose(ok -> calls.ignoringGone().<MountActor.Command, Errno>ask(actor,
        replyTo -> new MountCommand.Unmount(flags, replyTo)).thenApply(Mount::orThrow));
  }

  /** Hears about the cache invalidations this mount's server asks for. */
  public void addInvalidationListener(InvalidationListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops hearing about invalidations. */
  public void removeInvalidationListener(InvalidationListener listener) {
    listeners.remove(listener);
  }

  Vnode vnodeOf(VnodeResult result) {
    if (result instanceof VnodeResult.Found found) {
      return new Vnode(this, found.node(), found.reply());
    }
    if (result instanceof VnodeResult.Failed failed) {
      throw PuffsCompletionException.of(failed.errno());
    }
    throw new PuffsException(Errno.EPROTO, "expected a vnode, got " + result);
  }

  void release(Cookie cookie) {
    // The caller runs what the release causes (the mount's bookkeeping, an INACTIVE): a client closing a file would
    // otherwise wake a dispatcher thread for it.
    CallerRuns.run(() -> {
      actor.tell(new MountCommand.Release(cookie));
      return null;
    });
  }

  /**
   * {@link MountCommand.FlushBeforeUnlink} of {@code node}, if it holds write-back state; the flush's error is not the
   * unlink's (puffs ignores the errors of a flush at inactive too), so the stage always completes normally.
   */
  CompletionStage<Void> flushBeforeUnlink(NodeHandle node) {
    if (!node.cache().hasUnflushedState()) {
      return CompletableFuture.completedFuture(null);
    }
    return calls.<MountActor.Command, Errno>ask(actor,
        replyTo -> new MountCommand.FlushBeforeUnlink(node.cookie(), replyTo)).handle((errno, failure) -> null);
  }

  MountArgs sanitizedArgs() {
    return args;
  }

  EngineCalls calls() {
    return calls;
  }

  /** The directory name locks of RENAME_NOREPLACE ({@link Vnode#renameNoReplace}). */
  NameLocks nameLocks() {
    return nameLocks;
  }

  private static Void orThrow(Errno errno) {
    errno.throwIfError();
    return null;
  }

  @Override
  public String toString() {
    return "Mount[" + request.name() + "]";
  }
}
