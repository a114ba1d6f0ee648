package org.jpuffs.engine;

import java.util.Objects;

/**
 * What a client asks for when it mounts a server: the mount's name (its identity, in the journal too), mount flags,
 * record level, KFLAGs beyond those the server asks for, and where it is mounted (for statvfs). The server describes
 * the rest itself ({@link org.jpuffs.api.server.MountSpec}).
 *
 * @param name the mount's name
 * @param mountFlags NetBSD mount flags ({@code MNT_RDONLY} …)
 * @param recordLevel how much is journaled
 * @param extraKflags KFLAGs to add to the server's (e.g. NOCACHE, ALLOPS)
 * @param mountedOn where it is mounted ({@code f_mntonname}); defaults to {@code "/" + name}
 */
public record MountRequest(String name, int mountFlags, RecordLevel recordLevel, int extraKflags, String mountedOn) {
  public MountRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recordLevel, "recordLevel");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a mount needs a name");
    }
    if (mountedOn == null) {
      mountedOn = "/" + name;
    }
  }

  /** A mount named {@code name} with defaults: no flags, record level MUTATIONS. */
  public static MountRequest of(String name) {
    return new MountRequest(name, 0, RecordLevel.MUTATIONS, 0, null);
  }

  /** This request with other mount flags. */
  public MountRequest withMountFlags(int mountFlags) {
    return new MountRequest(name, mountFlags, recordLevel, extraKflags, mountedOn);
  }

  /** This request with another record level. */
  public MountRequest withRecordLevel(RecordLevel recordLevel) {
    return new MountRequest(name, mountFlags, recordLevel, extraKflags, mountedOn);
  }

  /** This request with extra KFLAGs. */
  public MountRequest withExtraKflags(int extraKflags) {
    return new MountRequest(name, mountFlags, recordLevel, extraKflags, mountedOn);
  }

  /** This request mounted on another path. */
  public MountRequest withMountedOn(String mountedOn) {
    return new MountRequest(name, mountFlags, recordLevel, extraKflags, mountedOn);
  }
}
