package org.jpuffs.cli;

import org.jpuffs.api.server.FileSystemServer;

/** The file-system servers {@code jpuffs demo} runs. */
public final class DemoServers {
  private DemoServers() {}

  /**
   * The in-memory reference server, {@code org.jpuffs.servers.memfs.MemFs}.
   *
   * @return a fresh, empty memfs
   * @throws UnsupportedOperationException until the servers module has memfs
   */
  public static FileSystemServer memfs() {
    // Temporary: the servers issue replaces this body with `return new MemFs();`. There is deliberately no stand-in
    // here, so that the demo never shows a file system that is not the real one.
    throw new UnsupportedOperationException("memfs arrives with the servers issue");
  }
}
