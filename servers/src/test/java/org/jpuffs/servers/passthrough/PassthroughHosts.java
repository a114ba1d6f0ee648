package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the shared suites need to know about the host a passthrough server stands on: each answer is a check of the
 * host, not a guess, so a test is skipped only where the host really behaves differently.
 */
final class PassthroughHosts {
  /** The ext family, whose hard-link limit is the 65000 passthrough's PATHCONF reports as LINK_MAX. */
  private static final Set<String> EXT = Set.of("ext2", "ext3", "ext4");

  private PassthroughHosts() {}

  /** A server on a fresh directory {@code served} below {@code scratch}, watching off. */
  static PassthroughFs serve(Path scratch) {
    try {
      return new PassthroughFs(Files.createDirectory(scratch.resolve("served")),
          PassthroughFs.Options.DEFAULT.withWatch(false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server process may act as other users (give nodes away, chown, make devices): it runs as root. */
  static boolean serverIsRoot() {
    return ServerProcess.isRoot();
  }

  /** The host file system under {@code scratch} counts a directory's links as 2 plus its subdirectories. */
  static boolean countsDirectoryLinks(Path scratch) {
    try {
      Path probe = Files.createTempDirectory(scratch, "nlink-probe");
      Files.createDirectory(probe.resolve("sub"));
      long nlink = ((Number) Files.getAttribute(probe, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
      Files.delete(probe.resolve("sub"));
      Files.delete(probe);
      return nlink == 3;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The host file system under {@code scratch} limits hard links to the LINK_MAX passthrough reports. */
  static boolean hasExtLinkMax(Path scratch) {
    try {
      return EXT.contains(Files.getFileStore(scratch).type());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
