package org.jpuffs.engine.mount;

import java.util.Objects;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.Statvfs;

/**
 * What happened to a mount, as past-tense facts. {@link MountState#apply} turns them into state without side
 * effects, so the mount actor can become an event-sourced behavior (the persistence issue) by journaling these.
 */
public sealed interface MountEvent {

  /**
   * VFS_MOUNT succeeded.
   *
   * @param name the mount's name
   * @param mountFlags the mount flags
   * @param args the sanitized arguments
   * @param statvfs the initial statvfs
   */
  record Mounted(String name, int mountFlags, MountArgs args, Statvfs statvfs) implements MountEvent {
    public Mounted {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(args, "args");
      Objects.requireNonNull(statvfs, "statvfs");
    }
  }

  /** VFS_START. */
  record Started() implements MountEvent {}

  /**
   * The server went away.
   *
   * @param cause why, for the log
   */
  record ServerLost(String cause) implements MountEvent {}

  /**
   * The server (or force) agreed to an unmount; the mount is being torn down.
   *
   * @param flags the unmount flags
   */
  record UnmountStarted(int flags) implements MountEvent {}

  /** The mount is gone. */
  record Unmounted() implements MountEvent {}
}
