package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * The vnode ops that travel to a server ({@code puffs_vnmsg_*}). The node an op acts on is the cookie in the
 * {@link PuffsRequest} header, and so are the caller's credentials; each record holds the op's other request fields.
 */
public sealed interface VnOp extends Op {

  /** The op number. */
  VnOpType type();

  @Override
  default OpClass opclass() {
    return OpClass.VN;
  }

  @Override
  default int optype() {
    return type().code();
  }

  @Override
  default String typeName() {
    return type().name();
  }

  /**
   * LOOKUP: find {@code cn} in the directory of the header's cookie.
   * @param cn the name in the directory of the header's cookie
   */
  record Lookup(ComponentName cn) implements VnOp {
    public Lookup {
      Objects.requireNonNull(cn, "cn");
    }
    @Override
    public VnOpType type() {
      return VnOpType.LOOKUP;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.NewNode.class;
    }
  }

  /**
   * CREATE: make a regular file (or socket) {@code cn}; the new node's type is {@code va.type()}.
   * @param cn the name in the directory of the header's cookie
   * @param va the initial attributes (type, mode; uid/gid are the caller's)
   */
  record Create(ComponentName cn, Vattr va) implements VnOp {
    public Create {
      Objects.requireNonNull(cn, "cn");
      Objects.requireNonNull(va, "va");
    }
    @Override
    public VnOpType type() {
      return VnOpType.CREATE;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.NewNode.class;
    }
  }

  /**
   * MKNOD: make a device node or FIFO {@code cn}; {@code va.rdev()} is the device.
   * @param cn the name in the directory of the header's cookie
   * @param va the initial attributes (type, mode; uid/gid are the caller's)
   */
  record Mknod(ComponentName cn, Vattr va) implements VnOp {
    public Mknod {
      Objects.requireNonNull(cn, "cn");
      Objects.requireNonNull(va, "va");
    }
    @Override
    public VnOpType type() {
      return VnOpType.MKNOD;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.NewNode.class;
    }
  }

  /**
   * OPEN: the node is opened.
   * @param mode {@link OpenFlags} ({@code FREAD}, {@code FWRITE}, {@code O_*})
   */
  record Open(int mode) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.OPEN;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Opened.class;
    }
  }

  /**
   * CLOSE: an open of the node ended. Always fire-and-forget.
   * @param fflag the flags it was opened with
   */
  record Close(int fflag) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.CLOSE;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }

    @Override
    public boolean alwaysFaf() {
      return true;
    }
  }

  /**
   * ACCESS: may the header's credentials use the node so?
   * @param mode {@link AccessMode} bits
   */
  record Access(int mode) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.ACCESS;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * GETATTR: the node's attributes.
   */
  record Getattr() implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.GETATTR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Attributes.class;
    }
  }

  /**
   * SETATTR: change the attributes that are set in {@code va}; unset fields stay as they are.
   * @param va the changes
   */
  record Setattr(Vattr va) implements VnOp {
    public Setattr {
      Objects.requireNonNull(va, "va");
    }
    @Override
    public VnOpType type() {
      return VnOpType.SETATTR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Attributes.class;
    }
  }

  /**
   * READ: up to {@code resid} bytes from {@code offset}.
   * @param offset where to read
   * @param resid how many bytes at most (≤ maxmsglen − PUFFS_MSGSTRUCT_MAX)
   * @param ioflag {@link IoFlags}
   */
  record Read(long offset, long resid, int ioflag) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.READ;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.ReadData.class;
    }
  }

  /**
   * WRITE: {@code data} at {@code offset} (or at the end with {@code IO_APPEND}).
   * @param offset where to write
   * @param ioflag {@link IoFlags}
   * @param data the bytes; their size is the request's resid
   */
  record Write(long offset, int ioflag, Bytes data) implements VnOp {
    public Write {
      Objects.requireNonNull(data, "data");
    }
    @Override
    public VnOpType type() {
      return VnOpType.WRITE;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Resid.class;
    }
  }

  /**
   * POLL: which of {@code events} are ready.
   * @param events {@link PollEvents} bits
   */
  record Poll(int events) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.POLL;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.PollReady.class;
    }
  }

  /**
   * MMAP: may the node be mapped with {@code prot}?
   * @param prot {@code PROT_*} bits
   */
  record Mmap(int prot) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.MMAP;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * FSYNC: push the node's data in {@code [offlo, offhi]} to stable storage. Fire-and-forget unless {@code FSYNC_WAIT}.
   * @param offlo first byte (0)
   * @param offhi last byte (0 = to the end)
   * @param flags {@link FsyncFlags}
   */
  record Fsync(long offlo, long offhi, int flags) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.FSYNC;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * SEEK: may the file offset move from {@code oldoff} to {@code newoff}?
   * @param oldoff the old offset
   * @param newoff the new offset
   */
  record Seek(long oldoff, long newoff) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.SEEK;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * REMOVE: unlink {@code cn}, which is node {@code target}, from the directory of the header's cookie.
   * @param target the node being removed
   * @param cn the name in the directory of the header's cookie
   */
  record Remove(Cookie target, ComponentName cn) implements VnOp {
    public Remove {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(cn, "cn");
    }
    @Override
    public VnOpType type() {
      return VnOpType.REMOVE;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * LINK: make {@code cn} in the directory of the header's cookie a hard link to {@code target}.
   * @param target the existing node
   * @param cn the name in the directory of the header's cookie
   */
  record Link(Cookie target, ComponentName cn) implements VnOp {
    public Link {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(cn, "cn");
    }
    @Override
    public VnOpType type() {
      return VnOpType.LINK;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * RENAME: move {@code source} (named {@code sourceName} in the directory of the header's cookie) to {@code
   * targetName} in {@code targetDir}, replacing {@code target} if that is not {@link Cookie#NONE}.
   * @param source the node being moved
   * @param sourceName its current name
   * @param targetDir the directory it moves into
   * @param target the node the new name replaces, or {@link Cookie#NONE}
   * @param targetName the new name
   */
  record Rename(Cookie source, ComponentName sourceName, Cookie targetDir, Cookie target,
      ComponentName targetName) implements VnOp {
    public Rename {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sourceName, "sourceName");
      Objects.requireNonNull(targetDir, "targetDir");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(targetName, "targetName");
    }
    @Override
    public VnOpType type() {
      return VnOpType.RENAME;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * MKDIR: make a directory {@code cn}.
   * @param cn the name in the directory of the header's cookie
   * @param va the initial attributes (type, mode; uid/gid are the caller's)
   */
  record Mkdir(ComponentName cn, Vattr va) implements VnOp {
    public Mkdir {
      Objects.requireNonNull(cn, "cn");
      Objects.requireNonNull(va, "va");
    }
    @Override
    public VnOpType type() {
      return VnOpType.MKDIR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.NewNode.class;
    }
  }

  /**
   * RMDIR: remove the empty directory {@code cn}, which is node {@code target}.
   * @param target the directory being removed
   * @param cn the name in the directory of the header's cookie
   */
  record Rmdir(Cookie target, ComponentName cn) implements VnOp {
    public Rmdir {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(cn, "cn");
    }
    @Override
    public VnOpType type() {
      return VnOpType.RMDIR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * SYMLINK: make a symbolic link {@code cn} pointing to {@code link}.
   * @param cn the name in the directory of the header's cookie
   * @param va the initial attributes (type, mode; uid/gid are the caller's)
   * @param link the link's target text
   */
  record Symlink(ComponentName cn, Vattr va, String link) implements VnOp {
    public Symlink {
      Objects.requireNonNull(cn, "cn");
      Objects.requireNonNull(va, "va");
      Objects.requireNonNull(link, "link");
    }
    @Override
    public VnOpType type() {
      return VnOpType.SYMLINK;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.NewNode.class;
    }
  }

  /**
   * READDIR: directory entries from {@code offset}, filling at most {@code resid} bytes (entry sizes as {@link
   * DirEntry#recordLength()}).
   * @param offset where to continue (0 = start; otherwise an offset this server returned)
   * @param resid the buffer size
   * @param ncookies how many NFS cookies to return at most (0 = none wanted)
   */
  record Readdir(long offset, long resid, int ncookies) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.READDIR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Entries.class;
    }
  }

  /**
   * READLINK: the target of a symbolic link, at most {@code linklen} bytes.
   * @param linklen the buffer size ({@code MAXPATHLEN})
   */
  record Readlink(int linklen) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.READLINK;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.LinkTarget.class;
    }
  }

  /**
   * ABORTOP: a lookup for CREATE/DELETE/RENAME will not be followed by the op. Always fire-and-forget.
   * @param cn the name in the directory of the header's cookie
   */
  record Abortop(ComponentName cn) implements VnOp {
    public Abortop {
      Objects.requireNonNull(cn, "cn");
    }
    @Override
    public VnOpType type() {
      return VnOpType.ABORTOP;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }

    @Override
    public boolean alwaysFaf() {
      return true;
    }
  }

  /**
   * INACTIVE: the engine holds no more references to the node (it may be reclaimed later).
   */
  record Inactive() implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.INACTIVE;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * RECLAIM: the engine forgets the node; {@code nlookup} counts the lookups and creations it saw for it, so a server
   * can tell whether a reply in flight made a new reference. Always fire-and-forget; never sent for the root.
   * @param nlookup lookups and creations of this node the engine counted
   */
  record Reclaim(long nlookup) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.RECLAIM;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }

    @Override
    public boolean alwaysFaf() {
      return true;
    }
  }

  /**
   * PRINT: print the node's state for debugging.
   */
  record Print() implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.PRINT;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * PATHCONF: a configurable limit.
   * @param name a {@link PathconfName}
   */
  record Pathconf(int name) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.PATHCONF;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.PathconfValue.class;
    }
  }

  /**
   * ADVLOCK: an advisory lock operation on the node.
   * @param lock the lock
   * @param id the lock owner (process or open-file identity)
   * @param op get, set or unlock
   * @param flags {@link #F_WAIT}, {@link #F_FLOCK}, {@link #F_POSIX}
   */
  record Advlock(Flock lock, long id, LockOp op, int flags) implements VnOp {
    /** {@code F_WAIT}: block until the lock is granted (engine timeouts do not apply). */
    public static final int F_WAIT = 0x010;
    /** {@code F_FLOCK}: a BSD {@code flock(2)} lock, owned by the open file. */
    public static final int F_FLOCK = 0x020;
    /** {@code F_POSIX}: a POSIX {@code fcntl(2)} lock, owned by the process. */
    public static final int F_POSIX = 0x040;

    /** {@code op} of VOP_ADVLOCK. */
    public enum LockOp {
      /** {@code F_GETLK}: report a conflicting lock, or answer with type UNLCK. */
      GETLK,
      /** {@code F_SETLK}: acquire (or, with WAIT, wait for) the lock. */
      SETLK,
      /** {@code F_UNLCK}: release the range. */
      UNLCK
    }
    public Advlock {
      Objects.requireNonNull(lock, "lock");
      Objects.requireNonNull(op, "op");
    }
    @Override
    public VnOpType type() {
      return VnOpType.ADVLOCK;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Lock.class;
    }
  }

  /**
   * GETEXTATTR: the value of an extended attribute, at most {@code resid} bytes, or only its size.
   * @param attrNamespace {@link ExtattrNamespace}
   * @param name the attribute name
   * @param wantSize the caller wants the size
   * @param resid the buffer size (0 with only {@code wantSize})
   */
  record Getextattr(int attrNamespace, String name, boolean wantSize, long resid) implements VnOp {
    public Getextattr {
      Objects.requireNonNull(name, "name");
    }
    @Override
    public VnOpType type() {
      return VnOpType.GETEXTATTR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Extattr.class;
    }
  }

  /**
   * SETEXTATTR: set an extended attribute.
   * @param attrNamespace {@link ExtattrNamespace}
   * @param name the attribute name
   * @param data the value
   */
  record Setextattr(int attrNamespace, String name, Bytes data) implements VnOp {
    public Setextattr {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(data, "data");
    }
    @Override
    public VnOpType type() {
      return VnOpType.SETEXTATTR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Resid.class;
    }
  }

  /**
   * LISTEXTATTR: the names of the extended attributes in a namespace, each as a length byte and the name (the NetBSD
   * {@code extattr_list} format), or only the size.
   * @param attrNamespace {@link ExtattrNamespace}
   * @param wantSize the caller wants the size
   * @param resid the buffer size
   * @param flags {@code PUFFS_EXTATTR_LIST_LENPREFIX} and friends
   */
  record Listextattr(int attrNamespace, boolean wantSize, long resid, int flags) implements VnOp {
    /** {@code PUFFS_EXTATTR_LIST_LENPREFIX}: names are prefixed by their length (the NetBSD format). */
    public static final int LENPREFIX = 0x01;
    @Override
    public VnOpType type() {
      return VnOpType.LISTEXTATTR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.Extattr.class;
    }
  }

  /**
   * DELETEEXTATTR: remove an extended attribute.
   * @param attrNamespace {@link ExtattrNamespace}
   * @param name the attribute name
   */
  record Deleteextattr(int attrNamespace, String name) implements VnOp {
    public Deleteextattr {
      Objects.requireNonNull(name, "name");
    }
    @Override
    public VnOpType type() {
      return VnOpType.DELETEEXTATTR;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * FALLOCATE: reserve storage for {@code [offset, offset + length)}, extending the file if needed.
   * @param offset first byte
   * @param length number of bytes
   */
  record Fallocate(long offset, long length) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.FALLOCATE;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }

  /**
   * FDISCARD: free the storage of {@code [offset, offset + length)}; the range then reads as zeros (punch a hole).
   * jpuffs sends it with its own optype, where NetBSD 1.203 sends FALLOCATE by mistake.
   * @param offset first byte
   * @param length number of bytes
   */
  record Fdiscard(long offset, long length) implements VnOp {
    @Override
    public VnOpType type() {
      return VnOpType.FDISCARD;
    }

    @Override
    public Class<? extends OpReply> replyType() {
      return OpReply.None.class;
    }
  }
}
