package org.jpuffs.engine.mount;

/** The mount's life ({@code pmp_status}, {@code PUFFSTAT_*}). */
public enum MountStatus {
  /** Mounted (VFS_MOUNT) but not started: statvfs answers EINPROGRESS, vnode ops ENXIO. */
  MOUNTING,
  /** Started (VFS_START): everything goes to the server. */
  RUNNING,
  /** The server is gone or the mount is being torn down: everything fails with ENXIO. */
  DYING,
  /** Unmounted; the mount actor is gone. */
  UNMOUNTED
}
