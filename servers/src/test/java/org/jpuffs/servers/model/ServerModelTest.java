package org.jpuffs.servers.model;

import java.nio.file.Path;
import org.jpuffs.api.server.FileSystemServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomized model test for any server: {@value ModelChecker#DEFAULT_OPS} random operations compared with
 * {@link ModelFs}. Subclasses supply the server. The seed is random per run and printed on failure; fix it with
 * {@code -Djpuffs.model.seed=N}, change the length with {@code -Djpuffs.model.ops=N}.
 */
public abstract class ServerModelTest {

  @TempDir
  protected Path scratch;

  /** A fresh server with an empty root. */
  protected abstract FileSystemServer newServer(Path scratch);

  /** Releases what {@link #newServer} took (host files, threads). */
  protected void closeServer(FileSystemServer server) {}

  /** A symbolic link's mode can be set (see {@link HostSemantics#symlinkModes()}). */
  protected boolean supportsSymlinkModes() {
    return true;
  }

  /** Directories count their subdirectories' links (see {@link HostSemantics#directoryLinkCounts()}). */
  protected boolean supportsDirectoryLinkCounts() {
    return true;
  }

  @Test
  void randomOperationsMatchTheModel() {
    FileSystemServer server = newServer(scratch);
    try {
      ModelChecker.run(server, ModelChecker.seed(), ModelChecker.operations(),
          new HostSemantics(supportsSymlinkModes(), supportsDirectoryLinkCounts()));
    } finally {
      closeServer(server);
    }
  }
}
