package org.jpuffs.nio;

import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.engine.Vnode;

/**
 * A {@link FileChannel} on an open puffs vnode: READ and WRITE at the channel's position (or a given one), SETATTR
 * for truncate, GETATTR for size, FSYNC for force, ADVLOCK for locks, CLOSE and the reference given back on close.
 *
 * <p>Blocking calls wait on the engine with the mount's timeout inside {@code begin()}/{@code end()}, so an interrupt
 * closes the channel and the caller gets {@link java.nio.channels.ClosedByInterruptException}. {@link #map} is not
 * supported: a puffs file has no pages this process could map ({@link UnsupportedOperationException}).
 *
 * <p>APPEND writes go to the size GETATTR reports, under this channel's lock: appends through one channel never
 * interleave; appends through two channels of one file race as two O_APPEND writers on NFS do.
 */
final class PuffsFileChannel extends FileChannel {

  /** ADVLOCK owners: one per channel, never reused, so two channels' locks never merge at the server. */
  private static final AtomicLong OWNERS = new AtomicLong();

  private final PuffsFileSystem fs;
  /** The tree the channel's path was opened in, for DELETE_ON_CLOSE. */
  private final VnodeTree tree;
  private final Vnode vnode;
  private final OpenMode mode;
  private final Cookie parent;
  private final String name;
  private final PuffsPath path;
  /** Guards {@link #position}: one relative read or write at a time, as FileChannel promises. */
  private final Object positionLock = new Object();
  private final long lockOwner = OWNERS.incrementAndGet();
  private long position;

  PuffsFileChannel(PuffsFileSystem fs, VnodeTree tree, Vnode vnode, OpenMode mode, Cookie parent, String name,
      PuffsPath path) {
    this.fs = fs;
    this.tree = tree;
    this.vnode = vnode;
    this.mode = mode;
    this.parent = parent;
    this.name = name;
    this.path = path;
  }

  PuffsPath path() {
    return path;
  }

  Vnode vnode() {
    return vnode;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    checkReadable();
    synchronized (positionLock) {
      int n = readAt(dst, position);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, dsts.length);
    checkReadable();
    synchronized (positionLock) {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        if (!dsts[i].hasRemaining()) {
          continue;
        }
        int n = readAt(dsts[i], position);
        if (n <= 0) {
          return total == 0 ? n : total;
        }
        position += n;
        total += n;
        if (dsts[i].hasRemaining()) {
          break; // a short read: the end of the file
        }
      }
      return total;
    }
  }

  @Override
  public int read(ByteBuffer dst, long at) throws IOException {
    if (at < 0) {
      throw new IllegalArgumentException("negative position " + at);
    }
    checkReadable();
    return readAt(dst, at);
  }

  private int readAt(ByteBuffer dst, long at) throws IOException {
    ensureOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    Vattr known = vnode.cached().attributes();
    if (known != null && at >= known.size()) {
      // The end of the file as the engine's attribute cache knows it (a kernel reads no further than the size it
      // holds): no READ for the read that finds the end, as readAllBytes and every copy loop make.
      return -1;
    }
    Bytes data = call(() -> vnode.read(at, dst.remaining(), 0, fs.cred()));
    if (data.isEmpty()) {
      return -1;
    }
    dst.put(data.asReadOnlyBuffer());
    return data.size();
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    checkWritable();
    synchronized (positionLock) {
      if (mode.append()) {
        position = size();
      }
      int n = writeAt(src, position);
      position += n;
      return n;
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, srcs.length);
    checkWritable();
    int total = 0;
    for (int i = offset; i < offset + length; i++) {
      total = Math.addExact(total, srcs[i].remaining());
    }
    ByteBuffer gathered = ByteBuffer.allocate(total);
    for (int i = offset; i < offset + length; i++) {
      gathered.put(srcs[i].duplicate());
    }
    gathered.flip();
    // One WRITE for the whole gather, as writev is one write; then consume what was sent from the sources.
    int written = write(gathered);
    int left = written;
    for (int i = offset; i < offset + length && left > 0; i++) {
      int n = Math.min(left, srcs[i].remaining());
      srcs[i].position(srcs[i].position() + n);
      left -= n;
    }
    return written;
  }

  @Override
  public int write(ByteBuffer src, long at) throws IOException {
    if (at < 0) {
      throw new IllegalArgumentException("negative position " + at);
    }
    checkWritable();
    return writeAt(src, at);
  }

  private int writeAt(ByteBuffer src, long at) throws IOException {
    ensureOpen();
    int n = src.remaining();
    if (n == 0) {
      return 0;
    }
    Bytes data = Bytes.of(src.duplicate());
    call(() -> vnode.write(at, data, mode.ioflag(), fs.cred()));
    src.position(src.position() + n);
    fs.changes().publish(parent, ENTRY_MODIFY, name);
    return n;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    synchronized (positionLock) {
      return position;
    }
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    ensureOpen();
    synchronized (positionLock) {
      position = newPosition;
    }
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return call(() -> vnode.getattr(fs.cred())).size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    ensureOpen();
    checkWritable();
    synchronized (positionLock) {
      if (size < size()) {
        call(() -> vnode.setattr(Vattr.builder().size(size).build(), fs.cred()));
        fs.changes().publish(parent, ENTRY_MODIFY, name);
      }
      position = Math.min(position, size);
    }
    return this;
  }

  /** FSYNC, waited for; without {@code metaData} only the data ({@code fdatasync}). */
  @Override
  public void force(boolean metaData) throws IOException {
    ensureOpen();
    int flags = FsyncFlags.FSYNC_WAIT | (metaData ? 0 : FsyncFlags.FSYNC_DATAONLY);
    call(() -> vnode.fsync(flags, 0, 0, fs.cred()));
  }

  @Override
  public long transferTo(long from, long count, WritableByteChannel target) throws IOException {
    checkReadable();
    if (from < 0 || count < 0) {
      throw new IllegalArgumentException("negative position or count");
    }
    long done = 0;
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
    while (done < count) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
      int n = readAt(buffer, from + done);
      if (n <= 0) {
        break;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        target.write(buffer);
      }
      done += n;
    }
    return done;
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long at, long count) throws IOException {
    checkWritable();
    if (at < 0 || count < 0) {
      throw new IllegalArgumentException("negative position or count");
    }
    long done = 0;
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
    while (done < count) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
      int n = src.read(buffer);
      if (n <= 0) {
        break;
      }
      buffer.flip();
      done += writeAt(buffer, at + done);
    }
    return done;
  }

  /** Not supported: see the class comment. */
  @Override
  public MappedByteBuffer map(MapMode mapMode, long at, long size) {
    throw new UnsupportedOperationException("puffs files cannot be memory-mapped");
  }

  @Override
  public FileLock lock(long at, long size, boolean shared) throws IOException {
    return lock(at, size, shared, true);
  }

  @Override
  public FileLock tryLock(long at, long size, boolean shared) throws IOException {
    return lock(at, size, shared, false);
  }

  /**
   * ADVLOCK SETLK (with F_WAIT when {@code wait}), owned by this channel. Overlaps with locks this JVM holds on the
   * file are refused first, as every JDK file system refuses them.
   */
  private FileLock lock(long at, long size, boolean shared, boolean wait) throws IOException {
    if (at < 0 || size < 0) {
      throw new IllegalArgumentException("negative position or size");
    }
    ensureOpen();
    if (shared && !mode.read()) {
      throw new NonReadableChannelException();
    }
    if (!shared && !mode.write()) {
      throw new NonWritableChannelException();
    }
    PuffsFileLock lock = new PuffsFileLock(this, at, size, shared);
    fs.locks().add(vnode.cookie(), lock);
    Flock flock = lock.flock(shared ? Flock.LockType.RDLCK : Flock.LockType.WRLCK);
    int flags = VnOp.Advlock.F_POSIX | (wait ? VnOp.Advlock.F_WAIT : 0);
    boolean granted = false;
    try {
      callRaw(() -> vnode.advlock(flock, lockOwner(), VnOp.Advlock.LockOp.SETLK, flags, fs.cred()));
      granted = true;
      return lock;
    } catch (ClosedByInterruptException e) {
      throw wait ? (FileLockInterruptionException) new FileLockInterruptionException().initCause(e) : e;
    } catch (PuffsException e) {
      if (!wait && (e.errno().equals(Errno.EAGAIN) || e.errno().equals(Errno.EACCES))) {
        return null;
      }
      throw Errnos.toException(e.errno(), path);
    } finally {
      if (!granted) {
        fs.locks().remove(vnode.cookie(), lock);
      }
    }
  }

  /** ADVLOCK UNLCK of {@code lock}'s range. */
  void unlock(PuffsFileLock lock) throws IOException {
    fs.locks().remove(vnode.cookie(), lock);
    if (isOpen()) {
      call(() -> vnode.advlock(lock.flock(Flock.LockType.UNLCK), lockOwner(), VnOp.Advlock.LockOp.UNLCK,
          VnOp.Advlock.F_POSIX, fs.cred()));
    }
  }

  /** The ADVLOCK owner: this channel, as an open file description owns its flock(2) locks. */
  private long lockOwner() {
    return lockOwner;
  }

  /**
   * Locks go with the channel, as closing a file descriptor drops its locks; then CLOSE, the reference, and
   * DELETE_ON_CLOSE.
   */
  @Override
  protected void implCloseChannel() throws IOException {
    fs.closed(this);
    try {
      if (fs.locks().removeAll(vnode.cookie(), this)) {
        // POSIX locks outlive a CLOSE at the server; drop this owner's whole range, as closef() does.
        Flock everything = new Flock(Flock.LockType.UNLCK, Flock.Whence.SET, 0, 0, 0);
        Errnos.settle(() -> vnode.advlock(everything, lockOwner(), VnOp.Advlock.LockOp.UNLCK, VnOp.Advlock.F_POSIX,
            fs.cred()), fs.timeoutMillis());
      }
      // Waited for: the engine lowers the mount's open count before it answers, so an unmount right after a close
      // (closing the file system) does not find the mount busy.
      Errnos.settle(() -> vnode.close(mode.fflag(), fs.cred()), fs.timeoutMillis());
    } finally {
      vnode.release();
    }
    if (mode.deleteOnClose()) {
      try {
        new Namespace(fs, tree).delete(path);
      } catch (java.nio.file.NoSuchFileException gone) {
        // someone else removed it first: nothing left to delete
      }
    }
  }

  /** {@link #callRaw}, with the errno as a java.nio exception naming this channel's file. */
  private <T> T call(Supplier<? extends CompletionStage<T>> op) throws IOException {
    try {
      return callRaw(op);
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
  }

  /** Makes the engine call {@code op} and waits for it as an interruptible blocking operation of this channel. */
  private <T> T callRaw(Supplier<? extends CompletionStage<T>> op) throws IOException {
    boolean completed = false;
    try {
      begin();
      T value = Errnos.await(op, fs.timeoutMillis());
      completed = true;
      return value;
    } catch (InterruptedIOException e) {
      end(false); // throws ClosedByInterruptException: the interrupt closed this channel
      throw e;
    } catch (PuffsException e) {
      completed = true;
      throw e;
    } finally {
      if (completed) {
        end(true);
      }
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }

  private void checkReadable() throws ClosedChannelException {
    ensureOpen();
    if (!mode.read()) {
      throw new NonReadableChannelException();
    }
  }

  private void checkWritable() throws ClosedChannelException {
    ensureOpen();
    if (!mode.write()) {
      throw new NonWritableChannelException();
    }
  }
}
