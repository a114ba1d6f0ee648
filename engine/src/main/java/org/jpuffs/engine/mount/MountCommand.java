package org.jpuffs.engine.mount;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.recovery.ServerFactory;
import org.jpuffs.engine.node.VnodeResult;

/**
 * What clients may ask of a mount actor: the VFS ops ({@code struct vfsops}) plus reference bookkeeping. Replies are
 * typed by the {@code replyTo} each command carries.
 */
public sealed interface MountCommand extends MountActor.Command {

  /**
   * VFS_START: MOUNTING → RUNNING.
   *
   * @param replyTo OK, or why not
   */
  record Start(ActorRef<Errno> replyTo) implements MountCommand {}

  /**
   * MNT_GETARGS: the stored (sanitized) arguments.
   *
   * @param replyTo the arguments
   */
  record GetArgs(ActorRef<MountArgs> replyTo) implements MountCommand {}

  /**
   * The mount's status.
   *
   * @param replyTo the status
   */
  record GetStatus(ActorRef<MountStatus> replyTo) implements MountCommand {}

  /**
   * VFS_ROOT: a reference to the root vnode; never asks the server.
   *
   * @param replyTo the root, or ENXIO when dying
   */
  record Root(ActorRef<VnodeResult> replyTo) implements MountCommand {}

  /**
   * VFS_STATVFS.
   *
   * @param cred who asks
   * @param replyTo the statistics and an errno
   */
  record GetStatvfs(Cred cred, ActorRef<StatvfsAnswer> replyTo) implements MountCommand {}

  /**
   * VFS_STATVFS's answer: on a server error, the mount's own statistics come with the error.
   *
   * @param statvfs the statistics
   * @param errno OK, or the error
   */
  record StatvfsAnswer(Statvfs statvfs, Errno errno) {}

  /**
   * VFS_SYNC.
   *
   * @param waitfor MNT_WAIT, MNT_NOWAIT or MNT_LAZY
   * @param cred who asks
   * @param replyTo the first error, or OK
   */
  record Sync(int waitfor, Cred cred, ActorRef<Errno> replyTo) implements MountCommand {}

  /**
   * VFS_FHTOVP.
   *
   * @param handle the handle, as the server made it
   * @param cred who asks
   * @param replyTo a reference to the node, or the error
   */
  record FhToVnode(FileHandle handle, Cred cred, ActorRef<VnodeResult> replyTo) implements MountCommand {
    public FhToVnode {
      Objects.requireNonNull(handle, "handle");
    }
  }

  /**
   * VFS_VPTOFH.
   *
   * @param node the node
   * @param size the caller's room for the handle, including puffs' 4-byte overlay
   * @param cred who asks
   * @param replyTo the handle, or the error with the size needed
   */
  record VnodeToFh(Cookie node, int size, Cred cred, ActorRef<FhAnswer> replyTo) implements MountCommand {}

  /**
   * VFS_VPTOFH's answer.
   *
   * @param handle the handle (null on error)
   * @param size the handle's size including the overlay, or the size needed for E2BIG
   * @param errno OK or the error
   */
  record FhAnswer(FileHandle handle, int size, Errno errno) {}

  /**
   * VFS_EXTATTRCTL.
   *
   * @param node the node, or {@link Cookie#NONE}
   * @param cmd the command
   * @param attrNamespace the namespace
   * @param attrName the attribute name, or null
   * @param cred who asks
   * @param replyTo OK or the error
   */
  record Extattrctl(Cookie node, int cmd, int attrNamespace, String attrName, Cred cred, ActorRef<Errno> replyTo)
      implements MountCommand {}

  /**
   * VFS_SNAPSHOT: not supported by puffs.
   *
   * @param replyTo EOPNOTSUPP
   */
  record Snapshot(ActorRef<Errno> replyTo) implements MountCommand {}

  /**
   * A client gives back one reference to a node.
   *
   * @param node the node
   */
  record Release(Cookie node) implements MountCommand {}

  /**
   * The write-back state of {@code node} (pages, then metadata) goes to the server before an op that unlinks it. It
   * is asked of the mount, not of the node, so that it comes after a {@link Release} the same client sent first,
   * and with it the flush an inactivation starts. puffs gets this order from the vnode lock: a node's flush at
   * inactive is answered before a REMOVE of it is sent.
   *
   * @param node the node about to lose a name
   * @param replyTo the flush's errno ({@code OK} for a node not here)
   */
  record FlushBeforeUnlink(Cookie node, ActorRef<Errno> replyTo) implements MountCommand {}

  /**
   * VFS_UNMOUNT.
   *
   * @param flags MNT_FORCE or 0
   * @param replyTo OK, EBUSY, or the server's refusal
   */
  record Unmount(int flags, ActorRef<Errno> replyTo) implements MountCommand {}

  /**
   * A server for a RECOVERING mount (its previous one died, or the engine restarted).
   *
   * @param server the new server's runtime
   * @param replyTo OK once the mount runs again; EBUSY if it is RUNNING, ENXIO if it is not recovering
   */
  record Attach(ActorRef<ServerRuntime.Command> server, ActorRef<Errno> replyTo) implements MountCommand {
    public Attach {
      Objects.requireNonNull(server, "server");
    }
  }

  /**
   * Registers (or, with null, removes) the factory the mount asks for a new server whenever its server is gone; a
   * RECOVERING mount without a server asks it at once.
   *
   * @param factory the factory, or null
   * @param replyTo OK
   */
  record SetServerFactory(ServerFactory factory, ActorRef<Errno> replyTo) implements MountCommand {}

  /**
   * The mount's status with its session, epoch, parked requests and recovery progress.
   *
   * @param replyTo the report
   */
  record GetInfo(ActorRef<MountInfo> replyTo) implements MountCommand {}
}
