package org.jpuffs.servers.passthrough;

import java.nio.file.Path;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.model.ServerModelTest;

/** passthrough against the reference model, on a fresh host directory with the watcher off. */
class PassthroughModelTest extends ServerModelTest {

  @Override
  protected FileSystemServer newServer(Path scratch) {
    return PassthroughHosts.serve(scratch);
  }

  @Override
  protected void closeServer(FileSystemServer server) {
    ((PassthroughFs) server).close();
  }

  // Linux has no lchmod: fchmodat(AT_SYMLINK_NOFOLLOW) is EOPNOTSUPP, so a symlink's mode cannot be set.
  @Override
  protected boolean supportsSymlinkModes() {
    return false;
  }

  // Directory link counts come from the host: checked, since some file systems (btrfs) report 1.
  @Override
  protected boolean supportsDirectoryLinkCounts() {
    return PassthroughHosts.countsDirectoryLinks(scratch);
  }
}
