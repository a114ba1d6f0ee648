package org.jpuffs.nio;

import java.io.IOException;
import java.nio.channels.FileLock;
import org.jpuffs.api.protocol.Flock;

/** A byte-range lock a {@link PuffsFileChannel} holds through ADVLOCK; released by UNLCK of the same range. */
final class PuffsFileLock extends FileLock {

  private volatile boolean valid = true;

  PuffsFileLock(PuffsFileChannel channel, long position, long size, boolean shared) {
    super(channel, position, size, shared);
  }

  /** The flock of this range; size 0 is "to the end and beyond", as Long.MAX_VALUE sizes mean in FileChannel. */
  Flock flock(Flock.LockType type) {
    long len = size() == Long.MAX_VALUE ? 0 : size();
    return new Flock(type, Flock.Whence.SET, position(), len, 0);
  }

  @Override
  public boolean isValid() {
    return valid && channel().isOpen();
  }

  /** The channel closed: its locks went with it. */
  void invalidate() {
    valid = false;
  }

  @Override
  public void release() throws IOException {
    if (!valid) {
      return;
    }
    if (!channel().isOpen()) {
      throw new java.nio.channels.ClosedChannelException();
    }
    valid = false;
    ((PuffsFileChannel) channel()).unlock(this);
  }
}
