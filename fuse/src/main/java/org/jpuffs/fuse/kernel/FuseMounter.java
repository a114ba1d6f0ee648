package org.jpuffs.fuse.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts a {@link FuseDevice} on a directory and takes it off again: {@code mount(2)} when root, {@code fusermount3}
 * otherwise (it mounts and passes the device back over a Unix socket).
 */
public final class FuseMounter {
  private static final int AF_UNIX = 1;
  private static final int SOCK_STREAM = 1;
  private static final int SOL_SOCKET = 1;
  private static final int SCM_RIGHTS = 1;

  private FuseMounter() {}

  /** {@code true} if this process runs as root (mount(2) works directly). */
  public static boolean isRoot() {
    return LibC.getuid() == 0;
  }

  /**
   * Mounts a new FUSE device at {@code target}.
   *
   * @param fsname the source shown in {@code /proc/mounts}
   * @param subtype the type shown as {@code fuse.SUBTYPE}
   * @param options kernel mount options beyond {@code fd}, {@code rootmode}, {@code user_id}, {@code group_id}
   *     ({@code allow_other}, {@code default_permissions}, {@code max_read=N})
   * @throws StaleMountException if a dead FUSE mount is at the target
   * @throws IOException if the target is not a directory or mounting fails
   */
  public static FuseDevice mount(Path target, String fsname, String subtype, List<String> options)
      throws IOException {
    checkTarget(target);
    return isRoot() ? mountAsRoot(target, fsname, subtype, options) : mountWithFusermount(target, fsname, subtype,
        options);
  }

  /**
   * Detects a stale mount: a FUSE mount whose server died answers ENOTCONN to everything, so its mount point can
   * be neither used nor mounted over.
   */
  public static void checkTarget(Path target) throws IOException {
    try {
      Files.readAttributes(target, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.FileSystemException e) {
      String reason = String.valueOf(e.getReason()).toLowerCase(Locale.ROOT);
      if (reason.contains("not connected")) {
        throw new StaleMountException(target);
      }
      throw e;
    } catch (UnsupportedOperationException e) {
      throw new IOException("no unix attributes on " + target, e);
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + " is not a directory");
    }
  }

  private static FuseDevice mountAsRoot(Path target, String fsname, String subtype, List<String> options)
      throws IOException {
    FuseDevice device = FuseDevice.open();
    List<String> all = new ArrayList<>(List.of("fd=" + device.fd(), "rootmode=40000",
        "user_id=" + LibC.getuid(), "group_id=" + LibC.getgid()));
    all.addAll(options);
    int rc = LibC.mount(fsname, target.toString(), "fuse." + subtype, LibC.MS_NOSUID | LibC.MS_NODEV,
        String.join(",", all));
    if (rc != 0) {
      int errno = LibC.errno();
      device.close();
      throw new IOException("mount " + target + ": " + LibC.describe(errno));
    }
    return device;
  }

  /**
   * fusermount3 mounts and sends the {@code /dev/fuse} descriptor back as SCM_RIGHTS over the socket named by
   * {@code _FUSE_COMMFD}. It is started with posix_spawnp because ProcessBuilder closes every inherited descriptor
   * above 2 in the child.
   */
  private static FuseDevice mountWithFusermount(Path target, String fsname, String subtype, List<String> options)
      throws IOException {
    int[] pair = new int[2];
    if (LibC.Rare.INSTANCE.socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
      throw new IOException("socketpair: " + LibC.describe(LibC.errno()));
    }
    try {
      List<String> opts = new ArrayList<>(List.of("fsname=" + fsname, "subtype=" + subtype));
      opts.addAll(options);
      int status = spawnAndWait(new String[] {"fusermount3", "-o", String.join(",", opts), "--", target.toString()},
          Map.of("_FUSE_COMMFD", Integer.toString(pair[0])));
      int fd = receiveFd(pair[1]);
      if (fd < 0) {
        throw new IOException("fusermount3 could not mount " + target + " (exit status " + status
            + "; see its message above)");
      }
      return new FuseDevice(fd);
    } finally {
      LibC.close(pair[0]);
      LibC.close(pair[1]);
    }
  }

  /**
   * Unmounts {@code target}: umount2 as root (lazily if busy, so a process still inside the mount cannot block
   * shutdown), {@code fusermount3 -u} otherwise.
   *
   * @throws IOException if the unmount fails
   */
  public static void unmount(Path target) throws IOException {
    if (isRoot()) {
      if (LibC.umount2(target.toString(), 0) == 0) {
        return;
      }
      int errno = LibC.errno();
      if (errno == 16 && LibC.umount2(target.toString(), LibC.MNT_DETACH) == 0) {
        return;
      }
      throw new IOException("umount " + target + ": " + LibC.describe(errno));
    }
    int status = spawnAndWait(new String[] {"fusermount3", "-u", "-z", "--", target.toString()}, Map.of());
    if (status != 0) {
      throw new IOException("fusermount3 -u " + target + " failed (status " + status + ")");
    }
  }

  private static int spawnAndWait(String[] argv, Map<String, String> extraEnv) throws IOException {
    List<String> env = new ArrayList<>();
    System.getenv().forEach((k, v) -> env.add(k + "=" + v));
    extraEnv.forEach((k, v) -> env.add(k + "=" + v));
    String[] argvNull = java.util.Arrays.copyOf(argv, argv.length + 1);
    String[] envNull = env.toArray(new String[env.size() + 1]);
    int[] pid = new int[1];
    int rc = LibC.Rare.INSTANCE.posix_spawnp(pid, argv[0], Pointer.NULL, Pointer.NULL, argvNull, envNull);
    if (rc != 0) {
      // posix_spawnp answers EACCES, not ENOENT, for a program it did not find when a directory on PATH is closed to
      // this user (nobody's, in MountLifeTest): both mean the program is not there for us.
      String hint = rc == LibC.ENOENT || rc == LibC.EACCES
          ? " (not found on PATH or not executable; Debian has it in the fuse3 package)" : "";
      throw new IOException("cannot start " + argv[0] + ": " + LibC.describe(rc) + hint);
    }
    int[] status = new int[1];
    while (LibC.Rare.INSTANCE.waitpid(pid[0], status, 0) < 0) {
      if (LibC.errno() != LibC.EINTR) {
        throw new IOException("waitpid " + argv[0] + ": " + LibC.describe(LibC.errno()));
      }
    }
    return (status[0] >> 8) & 0xff;
  }

  /** recvmsg of one data byte with an SCM_RIGHTS descriptor (x86_64 struct msghdr, 56 bytes); -1 if none came. */
  private static int receiveFd(int socket) {
    Memory data = new Memory(1);
    Memory iov = new Memory(16);
    iov.setPointer(0, data);
    iov.setLong(8, 1);
    Memory control = new Memory(64);
    control.clear();
    Memory msg = new Memory(56);
    msg.clear();
    msg.setPointer(16, iov);
    msg.setLong(24, 1);
    msg.setPointer(32, control);
    msg.setLong(40, 64);
    long n;
    do {
      n = LibC.Rare.INSTANCE.recvmsg(socket, msg, 0);
    } while (n < 0 && LibC.errno() == LibC.EINTR);
    if (n <= 0 || msg.getLong(40) < 20) {
      return -1;
    }
    if (control.getInt(8) != SOL_SOCKET || control.getInt(12) != SCM_RIGHTS) {
      return -1;
    }
    return control.getInt(16);
  }
}
