package org.jpuffs.servers.memfs;

import java.nio.file.Path;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.model.ServerModelTest;

/** memfs against the reference model. */
class MemFsModelTest extends ServerModelTest {
  @Override
  protected FileSystemServer newServer(Path scratch) {
    return new MemFs();
  }
}
