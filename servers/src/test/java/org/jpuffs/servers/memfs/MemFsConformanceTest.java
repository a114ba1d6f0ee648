package org.jpuffs.servers.memfs;

import java.nio.file.Path;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.conformance.ServerConformanceTest;

/** memfs against the whole errno matrix; it supports every optional feature. */
class MemFsConformanceTest extends ServerConformanceTest {

  @Override
  protected FileSystemServer newServer(Path scratch) {
    return new MemFs();
  }

  @Override
  protected FileSystemServer newServerWithCapacity(Path scratch, long maxBytes, long maxNodes) {
    return MemFs.builder().maxBytes(maxBytes).maxNodes(maxNodes).build();
  }
}
