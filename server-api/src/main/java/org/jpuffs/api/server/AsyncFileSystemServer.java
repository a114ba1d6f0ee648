package org.jpuffs.api.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * A puffs server whose ops complete later: each returns a {@link CompletionStage}. This is what libpuffs'
 * {@code puffs_cc_yield} gives a server that waits on its own I/O (psshfs waiting on SFTP): no thread is held while
 * the op waits, so any number of requests can be inside the server at once. {@link ServerRuntime} calls these
 * methods on its actor thread, so they must not block; fail a stage with {@link PuffsException} to answer an errno.
 *
 * <p>Defaults and op-mask rules are those of {@link FileSystemServer}.
 */
public interface AsyncFileSystemServer {

  /** A completed stage for ops that answer nothing but success. */
  CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  /** How this server wants to be mounted. */
  MountSpec mountSpec();

  /** See {@link FileSystemServer#mounted}. */
  default void mounted(Sop sop) {}

  /** See {@link FileSystemServer#onError}. */
  default void onError(ErrorReport report, Cookie cookie) {}

  /** See {@link FileSystemServer#snapshot}. */
  default void snapshot(OutputStream out) throws IOException {
    throw new PuffsException(Errno.EOPNOTSUPP, "this server takes no snapshots");
  }

  /** See {@link FileSystemServer#restore}. */
  default void restore(InputStream in) throws IOException {
    throw new PuffsException(Errno.EOPNOTSUPP, "this server takes no snapshots");
  }

  /**
   * VFS UNMOUNT: the engine wants to unmount. Throw to refuse (not possible when forced). Default: agree.
   *
   * @param ctx the caller and the request
   * @param flags unmount flags; with MNT_FORCE a refusal is ignored
   */
  default CompletionStage<Void> unmount(RequestContext ctx, int flags) {
    return DONE;
  }

  /**
   * VFS STATVFS: file-system statistics. Default: all zero ({@code puffs_zerostatvfs}).
   *
   * @param ctx the caller and the request
   */
  default CompletionStage<Statvfs> statvfs(RequestContext ctx) {
    return CompletableFuture.completedFuture(Statvfs.ZERO);
  }

  /**
   * VFS SYNC: write everything to stable storage. Default: nothing to do.
   *
   * @param ctx the caller and the request
   * @param waitfor MNT_WAIT, MNT_NOWAIT or MNT_LAZY
   */
  default CompletionStage<Void> sync(RequestContext ctx, int waitfor) {
    return DONE;
  }

  /**
   * VFS FHTOVP ({@code fs_fhtonode}): resolve a handle; ESTALE if its node is gone. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param handle a handle this server made
   */
  default CompletionStage<OpReply.NodeInfo> fhToNode(RequestContext ctx, FileHandle handle) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * VFS VPTOFH ({@code fs_nodetofh}): a persistent handle for a node. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param bufferSize the room for the handle; answer E2BIG if it needs more
   */
  default CompletionStage<FileHandle> nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
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
  default CompletionStage<Void> extattrctl(RequestContext ctx, Cookie node, int cmd, int attrNamespace, int flags,
      String attrName) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * VFS SUSPEND: a suspension status change. Default: nothing to do.
   *
   * @param ctx the caller and the request
   * @param status the suspension status
   */
  default CompletionStage<Void> suspend(RequestContext ctx, int status) {
    return DONE;
  }

  /**
   * LOOKUP: find a name in a directory. Default: ENOENT.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   */
  default CompletionStage<OpReply.NewNode> lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.ENOENT));
  }

  /**
   * CREATE: make a regular file (or socket). Default: no node, which the engine reports as EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   * @param va the initial attributes
   */
  default CompletionStage<OpReply.NewNode> create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return CompletableFuture.completedFuture(OpReply.NewNode.NO_NODE);
  }

  /**
   * MKNOD: make a device node or FIFO. Default: no node (EOPNOTSUPP).
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   * @param va the initial attributes
   */
  default CompletionStage<OpReply.NewNode> mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return CompletableFuture.completedFuture(OpReply.NewNode.NO_NODE);
  }

  /**
   * OPEN: returns {@link org.jpuffs.api.protocol.OpenFlags#PUFFS_OPEN_IO_DIRECT} or 0. Default: 0.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param mode OpenFlags
   */
  default CompletionStage<Integer> open(RequestContext ctx, Cookie node, int mode) {
    return CompletableFuture.completedFuture(0);
  }

  /**
   * CLOSE (fire-and-forget). Default: nothing.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param fflag the flags it was opened with
   */
  default CompletionStage<Void> close(RequestContext ctx, Cookie node, int fflag) {
    return DONE;
  }

  /**
   * ACCESS: throw EACCES (or EROFS, EPERM) to deny. Default: allow.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param mode AccessMode bits
   */
  default CompletionStage<Void> access(RequestContext ctx, Cookie node, int mode) {
    return DONE;
  }

  /**
   * GETATTR. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   */
  default CompletionStage<OpReply.Attributes> getattr(RequestContext ctx, Cookie node) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * SETATTR: apply the set fields; answer with the new attributes. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param va the changes; unset fields stay
   */
  default CompletionStage<OpReply.Attributes> setattr(RequestContext ctx, Cookie node, Vattr va) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
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
  default CompletionStage<Bytes> read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EIO));
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
  default CompletionStage<Long> write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EIO));
  }

  /**
   * POLL: the ready events. Default: as genfs, always ready for reading and writing.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param events PollEvents
   */
  default CompletionStage<Integer> poll(RequestContext ctx, Cookie node, int events) {
    return CompletableFuture.completedFuture(events & PollEvents.GENFS_READY);
  }

  /**
   * MMAP: may the node be mapped? Default: yes.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param prot PROT_* bits
   */
  default CompletionStage<Void> mmap(RequestContext ctx, Cookie node, int prot) {
    return DONE;
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
  default CompletionStage<Void> fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
    return DONE;
  }

  /**
   * SEEK: may the offset move? Default: yes.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param oldoff old offset
   * @param newoff new offset
   */
  default CompletionStage<Void> seek(RequestContext ctx, Cookie node, long oldoff, long newoff) {
    return DONE;
  }

  /**
   * REMOVE. Default: 0, as libpuffs (nothing is removed).
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param target the node being removed
   * @param cn the name
   */
  default CompletionStage<Void> remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    return DONE;
  }

  /**
   * LINK. Default: 0, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param target the existing node
   * @param cn the name
   */
  default CompletionStage<Void> link(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    return DONE;
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
  default CompletionStage<Void> rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName,
      Cookie targetDir, Cookie target, ComponentName targetName) {
    return DONE;
  }

  /**
   * MKDIR. Default: no node (EOPNOTSUPP).
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   * @param va the initial attributes
   */
  default CompletionStage<OpReply.NewNode> mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return CompletableFuture.completedFuture(OpReply.NewNode.NO_NODE);
  }

  /**
   * RMDIR. Default: 0, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param target the directory being removed
   * @param cn the name
   */
  default CompletionStage<Void> rmdir(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    return DONE;
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
  default CompletionStage<OpReply.NewNode> symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va,
      String link) {
    return CompletableFuture.completedFuture(OpReply.NewNode.NO_NODE);
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
  default CompletionStage<OpReply.Entries> readdir(RequestContext ctx, Cookie dir, long offset, long resid,
      int ncookies) {
    return CompletableFuture.completedFuture(new OpReply.Entries(List.of(), List.of(), offset, resid, true));
  }

  /**
   * READLINK. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param linklen the buffer size
   */
  default CompletionStage<String> readlink(RequestContext ctx, Cookie node, int linklen) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * ABORTOP (fire-and-forget). Default: nothing.
   *
   * @param ctx the caller and the request
   * @param dir the directory
   * @param cn the name
   */
  default CompletionStage<Void> abortop(RequestContext ctx, Cookie dir, ComponentName cn) {
    return DONE;
  }

  /**
   * INACTIVE: the engine holds no more references. Default: EOPNOTSUPP (the engine ignores INACTIVE errors).
   *
   * @param ctx the caller and the request
   * @param node the node
   */
  default CompletionStage<Void> inactive(RequestContext ctx, Cookie node) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * RECLAIM (fire-and-forget): the engine forgets the node. Default: nothing.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param nlookup the lookups the engine counted
   */
  default CompletionStage<Void> reclaim(RequestContext ctx, Cookie node, long nlookup) {
    return DONE;
  }

  /**
   * PRINT: log the node's state. Default: nothing.
   *
   * @param ctx the caller and the request
   * @param node the node
   */
  default CompletionStage<Void> print(RequestContext ctx, Cookie node) {
    return DONE;
  }

  /**
   * PATHCONF. Default: 0, as libpuffs.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param name a PathconfName
   */
  default CompletionStage<Long> pathconf(RequestContext ctx, Cookie node, int name) {
    return CompletableFuture.completedFuture(0L);
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
  default CompletionStage<Flock> advlock(RequestContext ctx, Cookie node, Flock lock, long id, VnOp.Advlock.LockOp op,
      int flags) {
    return CompletableFuture.completedFuture(lock);
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
  default CompletionStage<OpReply.Extattr> getextattr(RequestContext ctx, Cookie node, int attrNamespace, String name,
      boolean wantSize, long resid) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
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
  default CompletionStage<Void> setextattr(RequestContext ctx, Cookie node, int attrNamespace, String name,
      Bytes data) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
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
  default CompletionStage<OpReply.Extattr> listextattr(RequestContext ctx, Cookie node, int attrNamespace,
      boolean wantSize, long resid, int flags) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * DELETEEXTATTR. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param attrNamespace the namespace
   * @param name the attribute
   */
  default CompletionStage<Void> deleteextattr(RequestContext ctx, Cookie node, int attrNamespace, String name) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * FALLOCATE. Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param offset first byte
   * @param length bytes
   */
  default CompletionStage<Void> fallocate(RequestContext ctx, Cookie node, long offset, long length) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }

  /**
   * FDISCARD (punch a hole). Default: EOPNOTSUPP.
   *
   * @param ctx the caller and the request
   * @param node the node
   * @param offset first byte
   * @param length bytes
   */
  default CompletionStage<Void> fdiscard(RequestContext ctx, Cookie node, long offset, long length) {
    return CompletableFuture.failedFuture(new PuffsException(Errno.EOPNOTSUPP));
  }
}
