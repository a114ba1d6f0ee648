package org.jpuffs.engine.mount;

import java.util.Objects;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.Statvfs;

/**
 * The durable part of a mount ({@code struct puffs_mount} minus its queues): name, status, arguments and initial
 * statvfs. Immutable; events make new states.
 *
 * @param name the mount's name
 * @param status where the mount is in its life
 * @param mountFlags the mount flags
 * @param args the sanitized mount arguments ({@code MNT_GETARGS} returns them)
 * @param statvfs the statvfs the mount reports without its server
 */
public record MountState(String name, MountStatus status, int mountFlags, MountArgs args, Statvfs statvfs) {

  public MountState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(statvfs, "statvfs");
  }

  /** The state after the first event. */
  public static MountState of(MountEvent.Mounted mounted) {
    return new MountState(mounted.name(), MountStatus.MOUNTING, mounted.mountFlags(), mounted.args(),
        mounted.statvfs());
  }

  /** The state after {@code event}; a pure function. */
  public MountState apply(MountEvent event) {
    if (event instanceof MountEvent.Mounted mounted) {
      return of(mounted);
    } else if (event instanceof MountEvent.Started) {
      return withStatus(MountStatus.RUNNING);
    } else if (event instanceof MountEvent.ServerLost || event instanceof MountEvent.UnmountStarted) {
      return withStatus(MountStatus.DYING);
    } else if (event instanceof MountEvent.Unmounted) {
      return withStatus(MountStatus.UNMOUNTED);
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private MountState withStatus(MountStatus status) {
    return new MountState(name, status, mountFlags, args, statvfs);
  }
}
