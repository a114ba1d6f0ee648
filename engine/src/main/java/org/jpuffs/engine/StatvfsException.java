package org.jpuffs.engine;

import java.util.Objects;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;

/**
 * VFS_STATVFS failed, but the mount still knows its own statistics (those of the mount arguments), as
 * {@code puffs_vfsop_statvfs} returns them with the error.
 */
public final class StatvfsException extends PuffsException {
  private static final long serialVersionUID = 1L;

  private final transient Statvfs statvfs;

  StatvfsException(Errno errno, Statvfs statvfs) {
    super(errno, "statvfs");
    this.statvfs = Objects.requireNonNull(statvfs, "statvfs");
  }

  /** The mount's own statistics. */
  public Statvfs statvfs() {
    return statvfs;
  }
}
