package org.jpuffs.engine.mount;

import java.util.Objects;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.engine.RecordLevel;

/**
 * The durable part of a mount ({@code struct puffs_mount} minus its queues): name, session, status, server epoch,
 * record level, arguments and initial statvfs. Immutable; events make new states.
 *
 * @param name the mount's name
 * @param session the session's number
 * @param status where the mount is in its life
 * @param epoch the epoch of the latest server attached (0 before the first)
 * @param mountFlags the mount flags
 * @param recordLevel how much is journaled
 * @param mountedOn where it is mounted
 * @param args the sanitized mount arguments ({@code MNT_GETARGS} returns them)
 * @param statvfs the statvfs the mount reports without its server
 */
public record MountState(String name, long session, MountStatus status, long epoch, int mountFlags,
    RecordLevel recordLevel, String mountedOn, MountArgs args, Statvfs statvfs) {

  public MountState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(recordLevel, "recordLevel");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(statvfs, "statvfs");
  }

  /** The state after the first event of a session. */
  public static MountState of(MountEvent.Mounted mounted) {
    return new MountState(mounted.name(), mounted.session(), MountStatus.MOUNTING, 0, mounted.mountFlags(),
        mounted.recordLevel(), mounted.mountedOn(), mounted.args(), mounted.statvfs());
  }

  /** The state after {@code event}; a pure function. */
  public MountState apply(MountEvent event) {
    if (event instanceof MountEvent.Mounted mounted) {
      return of(mounted);
    } else if (event instanceof MountEvent.Started) {
      return withStatus(MountStatus.RUNNING);
    } else if (event instanceof MountEvent.ServerAttached attached) {
      return new MountState(name, session, status, attached.epoch(), mountFlags, recordLevel, mountedOn, args,
          statvfs);
    } else if (event instanceof MountEvent.ServerLost) {
      // Lost while MOUNTING stays MOUNTING: there is nothing to recover before VFS_START.
      return status == MountStatus.RUNNING ? withStatus(MountStatus.RECOVERING) : this;
    } else if (event instanceof MountEvent.Recovered) {
      return withStatus(MountStatus.RUNNING);
    } else if (event instanceof MountEvent.UnmountStarted) {
      return withStatus(MountStatus.DYING);
    } else if (event instanceof MountEvent.Unmounted) {
      return withStatus(MountStatus.UNMOUNTED);
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  /** This state with another status (for the run-time statuses the journal does not hold, like DYING). */
  public MountState withStatus(MountStatus status) {
    return new MountState(name, session, status, epoch, mountFlags, recordLevel, mountedOn, args, statvfs);
  }
}
