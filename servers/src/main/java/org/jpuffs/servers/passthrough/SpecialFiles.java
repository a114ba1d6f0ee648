package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;

/**
 * Makes the nodes the JDK has no call for: FIFOs and device nodes through the {@code mkfifo} and {@code mknod}
 * commands, sockets by binding a Unix-domain socket, and symbolic links whose target a JDK {@code Path} would change
 * through {@code ln -s} and {@code readlink}.
 *
 * <p>Why commands: {@code mkfifo(3)} and {@code mknod(2)} need native access, and this module depends on server-api
 * only (no JNA, no JNI), so running coreutils is the portable way. It costs a process per node, which is fine for
 * nodes this rare. Device nodes need the host's {@code CAP_MKNOD}: unless the server runs as root they are EPERM,
 * checked here so the client gets the answer the kernel would give rather than a command's exit status.
 */
final class SpecialFiles {

  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  private SpecialFiles() {}

  /**
   * Makes the node {@code type} at {@code path}: VFIFO, VCHR, VBLK or VSOCK.
   *
   * @param mode the permission bits
   * @param rdev the device for VCHR and VBLK, in Linux {@code dev_t} encoding (as GETATTR reports it)
   * @throws PuffsException EPERM for a device unless the server runs as root; EINVAL for another type
   */
  static void make(Path path, VType type, int mode, long rdev) {
    switch (type) {
      case VFIFO:
        run(List.of("mkfifo", "-m", Integer.toOctalString(mode & 07777), "--", path.toString()));
        break;
      case VCHR:
      case VBLK:
        if (!ServerProcess.isRoot()) {
          throw new PuffsException(Errno.EPERM, "device nodes need a server running as root");
        }
        run(List.of("mknod", "-m", Integer.toOctalString(mode & 07777), "--", path.toString(),
            type == VType.VCHR ? "c" : "b", Long.toString(major(rdev)), Long.toString(minor(rdev))));
        break;
      case VSOCK:
        socket(path);
        break;
      default:
        throw new PuffsException(Errno.EINVAL, "no special file of type " + type);
    }
  }

  /**
   * Sets the times of a FIFO, device or socket with {@code touch -h}, which calls {@code utimensat} on the path. The
   * JDK cannot: it opens the file to set its times, which blocks on a FIFO and talks to a device.
   *
   * @param atime the new access time, or null to leave it
   * @param mtime the new modification time, or null to leave it
   */
  static void setTimes(Path path, FileTime atime, FileTime mtime) {
    if (atime != null) {
      run(touch("-a", atime, path));
    }
    if (mtime != null) {
      run(touch("-m", mtime, path));
    }
  }

  private static List<String> touch(String which, FileTime time, Path path) {
    Instant t = time.toInstant();
    String date = String.format("@%d.%09d", t.getEpochSecond(), t.getNano());
    return List.of("touch", "-c", "-h", which, "-d", date, "--", path.toString());
  }

  /**
   * Makes a symbolic link at {@code path} holding {@code target} byte for byte, with {@code ln -s}. For the targets
   * the JDK would change: a {@code Path} drops doubled and trailing slashes, and {@code "dir/"} resolves differently
   * from {@code "dir"}.
   */
  static void symlink(Path path, String target) {
    run(List.of("ln", "-s", "-T", "--", target, path.toString()));
  }

  /** The target of the symbolic link at {@code path}, byte for byte, with {@code readlink}. */
  static String readlink(Path path) {
    return run(List.of("readlink", "-n", "--", path.toString()));
  }

  /** The major number of a Linux {@code dev_t}. */
  static long major(long rdev) {
    return ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xfffff000L);
  }

  /** The minor number of a Linux {@code dev_t}. */
  static long minor(long rdev) {
    return (rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L);
  }

  /** A Linux {@code dev_t} from its numbers ({@code makedev}). */
  static long makedev(long major, long minor) {
    return ((major & 0xfffL) << 8) | ((major & 0xfffff000L) << 32) | (minor & 0xffL) | ((minor & 0xffffff00L) << 12);
  }

  private static void socket(Path path) {
    // Binding creates the socket file; closing the channel leaves it, exactly what mknod(S_IFSOCK) makes.
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(path));
    } catch (IllegalArgumentException e) {
      throw new PuffsException(Errno.ENAMETOOLONG, "too long for a socket address");
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /** Runs {@code command} and answers its output. */
  private static String run(List<String> command) {
    Process process;
    try {
      process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new PuffsException(Errno.EOPNOTSUPP, command.get(0) + " is not available", e);
    }
    try (InputStream out = process.getInputStream()) {
      String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new PuffsException(Errno.EIO, command.get(0) + " did not finish");
      }
      if (process.exitValue() != 0) {
        // The command prints strerror's text, the same text the JDK's exceptions carry.
        throw new PuffsException(HostErrors.errnoOfReason(output.trim()), output.trim());
      }
      return output;
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new PuffsException(Errno.EINTR);
    }
  }
}
