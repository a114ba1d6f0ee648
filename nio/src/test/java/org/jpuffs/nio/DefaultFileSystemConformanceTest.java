package org.jpuffs.nio;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on the JDK's default file system: the reference the puffs runs are held to. */
class DefaultFileSystemConformanceTest extends FileSystemConformance {

  @TempDir
  Path temp;

  @Override
  protected Path freshDirectory() {
    return temp;
  }
}
