package org.jpuffs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --fs} option's value: {@code memfs} (a fresh, empty one) or {@code passthrough:DIR} (a host directory,
 * which must exist).
 *
 * @param spec the value as given
 * @param passthroughDir the directory for passthrough; null for memfs
 */
record ServerChoice(String spec, Path passthroughDir) {

  /** A fresh server of this choice. */
  FileSystemServer newServer() {
    return passthroughDir == null ? new MemFs() : new PassthroughFs(passthroughDir);
  }

  /** picocli's converter: a bad value is a usage error. */
  static final class Converter implements ITypeConverter<ServerChoice> {
    @Override
    public ServerChoice convert(String value) {
      if (value.equals("memfs")) {
        return new ServerChoice(value, null);
      }
      if (value.startsWith("passthrough:") && value.length() > "passthrough:".length()) {
        Path dir = Path.of(value.substring("passthrough:".length()));
        if (!Files.isDirectory(dir)) {
          throw new TypeConversionException("not a directory: " + dir);
        }
        return new ServerChoice(value, dir);
      }
      throw new TypeConversionException("expected memfs or passthrough:DIR, not '" + value + "'");
    }
  }
}
