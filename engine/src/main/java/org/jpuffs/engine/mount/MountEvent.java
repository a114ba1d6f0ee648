package org.jpuffs.engine.mount;

import java.util.Objects;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.persistence.JournalSerializable;

/**
 * What happened to a mount, as past-tense facts: the lifecycle events journaled under persistence id
 * {@code mount|NAME} (see docs/recovery.md). {@link MountState#apply} turns them into state without side effects, so
 * replaying the journal rebuilds the state.
 *
 * <p>Format: Jackson CBOR (the {@link JournalSerializable} binding). Every record is version 1; a later change of a
 * record's fields registers a Pekko {@code JacksonMigration} for it (the manifest carries the version), so journals
 * written by this build stay readable — the committed fixture under {@code src/test/resources/journal-v1} checks it.
 */
public sealed interface MountEvent extends JournalSerializable {

  /**
   * VFS_MOUNT succeeded: a new session of the name begins.
   *
   * @param name the mount's name
   * @param session the session's number (sessions are numbered per name from 1)
   * @param mountFlags the mount flags
   * @param recordLevel how much of the message stream is journaled
   * @param mountedOn where it is mounted
   * @param args the sanitized arguments
   * @param statvfs the initial statvfs
   */
  record Mounted(String name, long session, int mountFlags, RecordLevel recordLevel, String mountedOn,
      MountArgs args, Statvfs statvfs) implements MountEvent {
    public Mounted {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(recordLevel, "recordLevel");
      Objects.requireNonNull(args, "args");
      Objects.requireNonNull(statvfs, "statvfs");
      if (session < 1) {
        throw new IllegalArgumentException("sessions are numbered from 1, not " + session);
      }
    }
  }

  /** VFS_START. */
  record Started() implements MountEvent {}

  /**
   * A server attached to the mount: the first at mount, or a new one after a crash.
   *
   * @param epoch the server's epoch: 1 for the first server of the session, one more for each that follows
   * @param server the server's actor path, for the log
   */
  record ServerAttached(long epoch, String server) implements MountEvent {}

  /**
   * The server went away (or the engine stopped under it): the mount is RECOVERING.
   *
   * @param cause why, for the log
   */
  record ServerLost(String cause) implements MountEvent {}

  /**
   * The attached server has caught up (reattached or replayed) and parked requests are flowing again.
   *
   * @param epoch the epoch of the server that recovered
   */
  record Recovered(long epoch) implements MountEvent {}

  /**
   * The server (or force) agreed to an unmount; the mount is being torn down.
   *
   * @param flags the unmount flags
   */
  record UnmountStarted(int flags) implements MountEvent {}

  /** The mount is gone: the session ends. */
  record Unmounted() implements MountEvent {}
}
