package org.jpuffs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;

/**
 * The {@code --fs} value of the commands that run a server: {@code memfs} or {@code passthrough:DIR}.
 *
 * @param privateToMount nothing but the mount reaches the server's files: memfs's live in this JVM only, while a
 *     passthrough directory is the host's too, and its other users see the server's locks
 */
record FsSpec(String text, Supplier<FileSystemServer> servers, boolean privateToMount) {
  private static final String PASSTHROUGH = "passthrough:";

  /**
   * Parses {@code memfs} or {@code passthrough:DIR}.
   *
   * @throws IllegalArgumentException for anything else, or a DIR that is not a directory
   */
  static FsSpec parse(String text) {
    if (text.equals("memfs")) {
      return new FsSpec(text, MemFs::new, true);
    }
    if (text.startsWith(PASSTHROUGH) && text.length() > PASSTHROUGH.length()) {
      Path dir = Path.of(text.substring(PASSTHROUGH.length())).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("passthrough: " + dir + " is not a directory");
      }
      return new FsSpec(text, () -> new PassthroughFs(dir), false);
    }
    throw new IllegalArgumentException("--fs takes memfs or passthrough:DIR, not '" + text + "'");
  }
}
