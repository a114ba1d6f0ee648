package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * The VFS ops that travel to a server ({@code puffs_vfsmsg_*}). MOUNT, START, ROOT, INIT and DONE stay in the engine;
 * QUOTACTL, VGET and SNAPSHOT are answered EOPNOTSUPP there.
 */
public sealed interface VfsOp extends Op {

  /** The op number. */
  VfsOpType type();

  @Override
  default OpClass opclass() {
    return OpClass.VFS;
  }

  @Override
  default int optype() {
    return type().code();
  }

  @Override
  default String typeName() {
    return type().name();
  }

  @Override
  default Class<? extends OpReply> replyType() {
    return OpReply.None.class;
  }

  /**
   * UNMOUNT: the engine wants to unmount. A server may refuse (any errno) unless {@code flags} has
   * {@link MountFlags#MNT_FORCE}.
   *
   * @param flags the unmount flags
   */
  record Unmount(int flags) implements VfsOp {
    @Override
    public VfsOpType type() {
      return VfsOpType.UNMOUNT;
    }
  }

  /** STATVFS: file-system statistics. Answered with {@link OpReply.FsStats}. */
  record Statvfs() implements VfsOp {
    @Override
    public VfsOpType type() {
      return VfsOpType.STATVFS;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.FsStats.class;
    }
  }

  /**
   * SYNC: write everything to stable storage. The credentials are in the request header.
   *
   * @param waitfor {@link MountFlags#MNT_WAIT}, {@link MountFlags#MNT_NOWAIT} or {@link MountFlags#MNT_LAZY}
   */
  record Sync(int waitfor) implements VfsOp {
    @Override
    public VfsOpType type() {
      return VfsOpType.SYNC;
    }
  }

  /**
   * FHTOVP: resolve a file handle ({@code fs_fhtonode}). Answered with {@link OpReply.NodeInfo}.
   *
   * @param handle the handle, as the server made it
   */
  record FhToVp(FileHandle handle) implements VfsOp {
    public FhToVp {
      Objects.requireNonNull(handle, "handle");
    }

    @Override
    public VfsOpType type() {
      return VfsOpType.FHTOVP;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.NodeInfo.class;
    }
  }

  /**
   * VPTOFH: make a file handle for the node in the header's cookie ({@code fs_nodetofh}). Answered with
   * {@link OpReply.Handle}; a handle larger than {@code bufferSize} must be refused with E2BIG.
   *
   * @param bufferSize the room for the handle ({@code pvfsr_dsize})
   */
  record VpToFh(int bufferSize) implements VfsOp {
    @Override
    public VfsOpType type() {
      return VfsOpType.VPTOFH;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Handle.class;
    }
  }

  /**
   * EXTATTRCTL: extended-attribute control. With {@link #HASNODE} the header's cookie names the node.
   *
   * @param cmd the command ({@code EXTATTR_CMD_*} of the server's choosing)
   * @param attrNamespace the namespace ({@link ExtattrNamespace})
   * @param flags {@link #HASNODE}, {@link #HASATTRNAME}
   * @param attrName the attribute name, meaningful with {@link #HASATTRNAME} ({@code ""} otherwise)
   */
  record Extattrctl(int cmd, int attrNamespace, int flags, String attrName) implements VfsOp {
    /** {@code PUFFS_EXTATTRCTL_HASNODE}: the request names a node. */
    public static final int HASNODE = 0x01;
    /** {@code PUFFS_EXTATTRCTL_HASATTRNAME}: the request names an attribute. */
    public static final int HASATTRNAME = 0x02;

    public Extattrctl {
      Objects.requireNonNull(attrName, "attrName");
    }

    @Override
    public VfsOpType type() {
      return VfsOpType.EXTATTRCTL;
    }
  }

  /**
   * SUSPEND: file-system suspension status change.
   *
   * @param status {@link #START}, {@link #SUSPENDED}, {@link #RESUME} or {@link #ERROR}
   */
  record Suspend(int status) implements VfsOp {
    /** {@code PUFFS_SUSPEND_START}. */
    public static final int START = 0;
    /** {@code PUFFS_SUSPEND_SUSPENDED}. */
    public static final int SUSPENDED = 1;
    /** {@code PUFFS_SUSPEND_RESUME}. */
    public static final int RESUME = 2;
    /** {@code PUFFS_SUSPEND_ERROR}. */
    public static final int ERROR = 3;

    @Override
    public VfsOpType type() {
      return VfsOpType.SUSPEND;
    }
  }
}
