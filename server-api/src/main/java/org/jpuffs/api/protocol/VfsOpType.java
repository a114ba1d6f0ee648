package org.jpuffs.api.protocol;

/**
 * VFS op numbers ({@code enum puffs_vfs}, PUFFSVERSION 30, which added QUOTACTL at 4). Only UNMOUNT, STATVFS, SYNC,
 * FHTOVP, VPTOFH, EXTATTRCTL and SUSPEND travel to a server; the engine handles the rest itself.
 */
public enum VfsOpType {
  MOUNT, START, UNMOUNT, ROOT, QUOTACTL, STATVFS, SYNC, VGET, FHTOVP, VPTOFH, INIT, DONE, SNAPSHOT, EXTATTRCTL, SUSPEND;

  /** The wire value ({@code PUFFS_VFS_*}). */
  public int code() {
    return ordinal();
  }
}
