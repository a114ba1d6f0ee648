package org.jpuffs.api.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PollEvents;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;

/**
 * A puffs file-system server: the Java form of libpuffs' {@code struct puffs_ops}. Implement the ops your file system
 * has; every other op keeps the libpuffs default documented on its method, and {@link ServerRuntime} leaves it out of
 * the op mask so the engine answers it without a round trip.
 *
 * <p>Op methods may block: the runtime calls them on a dedicated pool, never on an actor thread, and several at once,
 * so an implementation must be thread-safe. The lifecycle hooks ({@link #mountSpec}, {@link #mounted},
 * {@link #onError}) are the exception: the runtime calls them on its own thread, so they must return quickly. Answer errors by throwing {@link PuffsException} with the errno; any other
 * exception is a server bug and is answered EIO. A server that waits on its own I/O should implement
 * {@link AsyncFileSystemServer} instead and hold no thread while it waits.
 *
 * <p>The node an op acts on is its cookie argument ({@code node} or {@code dir}), chosen by this server when it
 * answered LOOKUP or a create. {@link RequestContext} carries the caller's credentials and lets an op set setbacks.
 */
public interface FileSystemServer {

  /** How this server wants to be mounted: its root node, type name, flags and recovery mode. */
  MountSpec mountSpec();

  /**
   * Whether no op of this server ever blocks its thread (a server that works in memory, as memfs does). A runtime
   * whose executor is {@link ServerExecutors.Kind#AUTO} then runs the ops on its own thread
   * ({@link ServerExecutors.Kind#INLINE}) instead of handing each to a pool and back, which on a small machine costs
   * more than the op itself. A blocking lock request still waits on a thread of its own. Default: {@code false}.
   */
  default boolean opsNeverBlock() {
    return false;
  }

  /**
   * The engine attached: from now on {@code sop} reaches it, for cache invalidations and an unmount request. Called
   * once per attachment (again after the engine recovered a mount).
   */
  default void mounted(Sop sop) {}

  /**
   * The engine found a protocol violation in one of this server's replies ({@code pu_errnotify}). The operation has
   * already failed with EPROTO; this is for logging and debugging.
   *
   * @param report what was wrong
   * @param cookie the node concerned, or {@link Cookie#NONE}
   */
  default void onError(ErrorReport report, Cookie cookie) {}

  /**
   * Writes this server's whole state to {@code out} so that recovery can start from it instead of replaying every
   * change. Optional: a server that does not override it declares no snapshot support.
   */
  default void snapshot(OutputStream out) throws IOException {
    throw new PuffsException(Errno.EOPNOTSUPP, "this server takes no snapshots");
  }

  /**
   * Replaces this server's state with one {@link #snapshot} wrote. Optional, as {@link #snapshot}. The nodes come back
   * with the cookies they had when the snapshot was written (crash recovery relies on it: the engine's cookie map after
   * a restore is the one in force at the snapshot), and a stream that cannot be read leaves the state as it was.
   */
  default void restore(InputStream in) throws IOException {
    throw new PuffsException(Errno.EOPNOTSUPP, "this server takes no snapshots");
  }

  /**
   * VFS UNMOUNT: the engine wants to unmount. Throw to refuse (not possible when forced). Default: agree.
   *
   * @param ctx the caller and the request
   * @param flags unmount flags; with MNT_FORCE a refusal is ignored
   */
  default void unmount(RequestContext ctx, int flags) {
  }

  /**
   * VFS STATVFS: file-system statistics. Default: all zero ({@code puffs_zerostatvfs}).
   *
   * @param ctx the caller and the request
   */
  default Statvfs statvfs(RequestContext ctx) {
    return Statvfs.ZERO;
  }

  /**
   * VFS SYNC: write everything to stable storage. Default: nothing to do.
   *
   * @param ctx the caller and the request
   * @param waitfor MNT_WAIT, MNT_NOWAIT or MNT_LAZY
   */
  default void sync(RequestContext ctx, int waitfor) {
  }

  /**
   * VFS FHTOVP ({@code fs_fhtonode}): resolve a handle; ESTALE if its node is gone. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param handle a handle this server made
   */
  default OpReply.NodeInfo fhToNode(RequestContext ctx, FileHandle handle) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * VFS VPTOFH ({@code fs_nodetofh}): a persistent handle for a node. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param bufferSize the room for the handle; answer E2BIG if it needs more
   */
  default FileHandle nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * VFS EXTATTRCTL: extended-attribute control. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node, or NONE without HASNODE
   * @param cmd the command
   * @param attrNamespace the namespace
   * @param flags HASNODE, HASATTRNAME
   * @param attrName the attribute name
   */
  default void extattrctl(RequestContext ctx, Cookie node, int cmd, int attrNamespace, int flags, String attrName) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * VFS SUSPEND: a suspension status change. Default: nothing to do.
   *
   * @param ctx the caller and the request
   * @param status the suspension status
   */
  default void suspend(RequestContext ctx, int status) {
  }

  /**
   * LOOKUP: find a name in a directory. Default: ENOENT.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   */
  default OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    throw new PuffsException(Errno.ENOENT);
  }

  /**
   * CREATE: make a regular file (or socket). Default: no node, which the engine reports as EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   * @param va the initial attributes
   */
  default OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return OpReply.NewNode.NO_NODE;
  }

  /**
   * MKNOD: make a device node or FIFO. Default: no node (EOPNOTSUPP).
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   * @param va the initial attributes
   */
  default OpReply.NewNode mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return OpReply.NewNode.NO_NODE;
  }

  /**
   * OPEN: returns {@link org.jpuffs.api.protocol.OpenFlags#PUFFS_OPEN_IO_DIRECT} or 0. Default: 0.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param mode OpenFlags
   */
  default int open(RequestContext ctx, Cookie node, int mode) {
    return 0;
  }

  /**
   * CLOSE (fire-and-forget). Default: nothing.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param fflag the flags it was opened with
   */
  default void close(RequestContext ctx, Cookie node, int fflag) {
  }

  /**
   * ACCESS: throw EACCES (or EROFS, EPERM) to deny. Default: allow.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param mode AccessMode bits
   */
  default void access(RequestContext ctx, Cookie node, int mode) {
  }

  /**
   * GETATTR. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   */
  default OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * SETATTR: apply the set fields; answer with the new attributes. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param va the changes; unset fields stay
   */
  default OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * READ: at most {@code resid} bytes from {@code offset}; fewer at end of file. Default: EIO.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param offset where
   * @param resid at most this many bytes
   * @param ioflag IoFlags
   */
  default Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    throw new PuffsException(Errno.EIO);
  }

  /**
   * WRITE: returns the bytes not written (0 when all were). Default: EIO.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param offset where
   * @param ioflag IoFlags
   * @param data the bytes
   */
  default long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    throw new PuffsException(Errno.EIO);
  }

  /**
   * POLL: the ready events. Default: as genfs, always ready for reading and writing.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param events PollEvents
   */
  default int poll(RequestContext ctx, Cookie node, int events) {
    return events & PollEvents.GENFS_READY;
  }

  /**
   * MMAP: may the node be mapped? Default: yes.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param prot PROT_* bits
   */
  default void mmap(RequestContext ctx, Cookie node, int prot) {
  }

  /**
   * FSYNC. Default: nothing to do.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param offlo first byte
   * @param offhi last byte, 0 = to the end
   * @param flags FsyncFlags
   */
  default void fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
  }

  /**
   * SEEK: may the offset move? Default: yes.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param oldoff old offset
   * @param newoff new offset
   */
  default void seek(RequestContext ctx, Cookie node, long oldoff, long newoff) {
  }

  /**
   * REMOVE. Default: 0, as libpuffs (nothing is removed).
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param target the node being removed
   * @param cn the name
   */
  default void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
  }

  /**
   * LINK. Default: 0, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param target the existing node
   * @param cn the name
   */
  default void link(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
  }

  /**
   * RENAME. Default: 0, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param sourceDir the source directory
   * @param source the node being moved
   * @param sourceName its name
   * @param targetDir the target directory
   * @param target the node replaced, or NONE
   * @param targetName the new name
   */
  default void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName, Cookie targetDir,
      Cookie target, ComponentName targetName) {
  }

  /**
   * MKDIR. Default: no node (EOPNOTSUPP).
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   * @param va the initial attributes
   */
  default OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return OpReply.NewNode.NO_NODE;
  }

  /**
   * RMDIR. Default: 0, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param target the directory being removed
   * @param cn the name
   */
  default void rmdir(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
  }

  /**
   * SYMLINK. Default: no node (EOPNOTSUPP).
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   * @param va the initial attributes
   * @param link the target text
   */
  default OpReply.NewNode symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va, String link) {
    return OpReply.NewNode.NO_NODE;
  }

  /**
   * READDIR. Default: no entries and EOF.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param offset 0 or an offset this server returned
   * @param resid the buffer size in DirEntry record lengths
   * @param ncookies NFS cookies wanted, 0 = none
   */
  default OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    return new OpReply.Entries(List.of(), List.of(), offset, resid, true);
  }

  /**
   * READLINK. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param linklen the buffer size
   */
  default String readlink(RequestContext ctx, Cookie node, int linklen) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * ABORTOP (fire-and-forget). Default: nothing.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   */
  default void abortop(RequestContext ctx, Cookie dir, ComponentName cn) {
  }

  /**
   * INACTIVE: the engine holds no more references. Default: EOPNOTSUPP (the engine ignores INACTIVE errors).
   *
   * @param ctx the caller and the request
   * @param node the node
   */
  default void inactive(RequestContext ctx, Cookie node) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * RECLAIM (fire-and-forget): the engine forgets the node. Default: nothing.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param nlookup the lookups the engine counted
   */
  default void reclaim(RequestContext ctx, Cookie node, long nlookup) {
  }

  /**
   * PRINT: log the node's state. Default: nothing.
   *
   * @param ctx the caller and the request
   * @param node the node
   */
  default void print(RequestContext ctx, Cookie node) {
  }

  /**
   * PATHCONF. Default: 0, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param name a PathconfName
   */
  default long pathconf(RequestContext ctx, Cookie node, int name) {
    return 0;
  }

  /**
   * ADVLOCK: with F_WAIT, block (or complete later) until granted. Default: 0 with the request's lock, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param lock the lock
   * @param id the owner
   * @param op get, set or unlock
   * @param flags F_WAIT, F_FLOCK, F_POSIX
   */
  default Flock advlock(RequestContext ctx, Cookie node, Flock lock, long id, VnOp.Advlock.LockOp op, int flags) {
    return lock;
  }

  /**
   * GETEXTATTR; {@link ExtattrReplies#value} builds the reply. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param attrNamespace the namespace
   * @param name the attribute
   * @param wantSize only the size is wanted
   * @param resid the buffer size
   */
  default OpReply.Extattr getextattr(RequestContext ctx, Cookie node, int attrNamespace, String name,
      boolean wantSize, long resid) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * SETEXTATTR. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param attrNamespace the namespace
   * @param name the attribute
   * @param data the value
   */
  default void setextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, Bytes data) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * LISTEXTATTR; {@link ExtattrReplies#names} builds the reply. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param attrNamespace the namespace
   * @param wantSize only the size is wanted
   * @param resid the buffer size
   * @param flags LENPREFIX
   */
  default OpReply.Extattr listextattr(RequestContext ctx, Cookie node, int attrNamespace, boolean wantSize,
      long resid, int flags) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * DELETEEXTATTR. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param attrNamespace the namespace
   * @param name the attribute
   */
  default void deleteextattr(RequestContext ctx, Cookie node, int attrNamespace, String name) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * FALLOCATE. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param offset first byte
   * @param length bytes
   */
  default void fallocate(RequestContext ctx, Cookie node, long offset, long length) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }

  /**
   * FDISCARD (punch a hole). Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param offset first byte
   * @param length bytes
   */
  default void fdiscard(RequestContext ctx, Cookie node, long offset, long length) {
    throw new PuffsException(Errno.EOPNOTSUPP);
  }
}
