package org.jpuffs.cli;

import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.memfs.MemFs;

/** The file-system servers {@code jpuffs demo} runs. */
public final class DemoServers {
  private DemoServers() {}

  /**
   * The in-memory reference server.
   *
   * @return a fresh, empty memfs
   */
  public static FileSystemServer memfs() {
    return new MemFs();
  }
}
