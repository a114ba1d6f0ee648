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

  @Test
  void randomOperationsMatchTheModel() {
    ModelChecker.run(newServer(scratch), ModelChecker.seed(), ModelChecker.operations());
  }
}
