package org.jpuffs.engine.mount;

/** The mount's life ({@code pmp_status}, {@code PUFFSTAT_*}, plus RECOVERING). */
public enum MountStatus {
  /** Mounted (VFS_MOUNT) but not started: statvfs answers EINPROGRESS, vnode ops ENXIO. */
  MOUNTING,
  /** Started (VFS_START): everything goes to the server. */
  RUNNING,
  /**
   * The server is gone (crashed, or the engine restarted) and the mount waits for one to attach: requests are parked
   * (bounded), then re-sent to the new server.
   */
  RECOVERING,
  /** The mount is being torn down, or no server came back in time: everything fails with ENXIO. */
  DYING,
  /** Unmounted; the mount actor is gone. */
  UNMOUNTED
}
