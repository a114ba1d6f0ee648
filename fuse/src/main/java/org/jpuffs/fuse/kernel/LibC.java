package org.jpuffs.fuse.kernel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few C library calls Java lacks, bound with JNA's direct mapping: it costs about a third of interface mapping per
 * call (~330 ns against ~1050 ns, measured), which matters on the request path. After a call returns -1,
 * {@link Native#getLastError()} holds errno.
 */
final class LibC {
  static final int O_RDWR = 02;
  static final int O_CLOEXEC = 02000000;
  static final long MS_NOSUID = 2;
  static final long MS_NODEV = 4;
  static final int MNT_FORCE = 1;
  static final int MNT_DETACH = 2;

  static final int EINTR = 4;
  static final int ENOENT = 2;
  static final int EACCES = 13;
  static final int EAGAIN = 11;
  static final int ENODEV = 19;
  static final int EBADF = 9;

  static {
    if (!Platform.isLinux()) {
      throw new UnsupportedOperationException("FUSE needs Linux, this is " + System.getProperty("os.name"));
    }
    Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private LibC() {}

  static native int open(String path, int flags);

  static native int close(int fd);

  static native long read(int fd, Pointer buffer, long count);

  static native long write(int fd, Pointer buffer, long count);

  static native int mount(String source, String target, String fstype, long flags, String data);

  static native int umount2(String target, int flags);

  static native int getuid();

  static native int getgid();

  /**
   * The calls only mounting makes, through interface mapping: direct mapping cannot pass {@code char *[]}, and these
   * run once per mount.
   */
  interface Rare extends Library {
    Rare INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Rare.class);

    int socketpair(int domain, int type, int protocol, int[] fds);

    long recvmsg(int fd, Pointer msghdr, int flags);

    int posix_spawnp(int[] pid, String file, Pointer fileActions, Pointer attrp, String[] argv, String[] envp);

    int waitpid(int pid, int[] status, int options);
  }

  /** errno of the last failed call on this thread. */
  static int errno() {
    return Native.getLastError();
  }

  /** {@code strerror}-like text for messages. */
  static String describe(int errno) {
    return Errnos.name(errno);
  }
}
