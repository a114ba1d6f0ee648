package org.jpuffs.fuse.kernel;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open {@code /dev/fuse}: one request per {@code read}, one reply per {@code write}. Several threads may read at
 * once (each request goes to one of them) and replies may be written from any thread.
 */
public final class FuseDevice implements AutoCloseable {
  /** What {@link #read} answers when the mount is gone: every blocked reader sees ENODEV after unmount. */
  public static final int GONE = -1;

  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();

  FuseDevice(int fd) {
    this.fd = fd;
  }

  /**
   * Opens {@code /dev/fuse} read-write, close-on-exec.
   *
   * @throws IOException if it cannot be opened (missing module, no permission)
   */
  public static FuseDevice open() throws IOException {
    int fd = LibC.open("/dev/fuse", LibC.O_RDWR | LibC.O_CLOEXEC);
    if (fd < 0) {
      throw new IOException("cannot open /dev/fuse: " + LibC.describe(LibC.errno()));
    }
    return new FuseDevice(fd);
  }

  /** The file descriptor, for the {@code fd=} mount option. */
  public int fd() {
    return fd;
  }

  /**
   * Reads one request into the direct buffer {@code buffer} (from address 0, up to its capacity), retrying on EINTR,
   * EAGAIN and ENOENT (a request interrupted before it was read).
   *
   * @return the request's length, or {@link #GONE} once the mount is unmounted or the device closed
   * @throws IOException on any other error
   */
  int read(ByteBuffer buffer, Pointer address) throws IOException {
    while (true) {
      long n = LibC.read(fd, address, buffer.capacity());
      if (n >= 0) {
        return (int) n;
      }
      int errno = LibC.errno();
      if (errno == LibC.EINTR || errno == LibC.EAGAIN || errno == LibC.ENOENT) {
        continue;
      }
      if (errno == LibC.ENODEV || errno == LibC.EBADF || closed.get()) {
        return GONE;
      }
      throw new IOException("read /dev/fuse: " + LibC.describe(errno));
    }
  }

  /**
   * Writes {@code length} bytes from the start of the direct buffer at {@code address}.
   *
   * @return 0, or the errno of a failed write (ENOENT: the request was interrupted meanwhile)
   */
  int write(Pointer address, int length) {
    long n = LibC.write(fd, address, length);
    return n == length ? 0 : n < 0 ? LibC.errno() : LibC.EINTR;
  }

  /** The address of a direct buffer, for {@link #read} and {@link #write}. */
  static Pointer addressOf(ByteBuffer direct) {
    return Native.getDirectBufferPointer(direct);
  }

  /** Closes the descriptor (once). Unmount first: closing does not wake readers blocked in {@code read}. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LibC.close(fd);
    }
  }
}
