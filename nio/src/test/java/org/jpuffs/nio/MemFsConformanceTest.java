package org.jpuffs.nio;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on {@code puffs:} over memfs, mounted through {@code FileSystems.newFileSystem}; the memfs root
 * belongs to the user running the suite, as the default file system's temp dir does.
 */
class MemFsConformanceTest extends FileSystemConformance {

  static final ActorTestKit testKit = PuffsTesting.testKit();
  static final AtomicInteger dirs = new AtomicInteger();
  static FileSystem fs;

  @BeforeAll
  static void mount() throws IOException {
    fs = new PuffsTesting(testKit).mount(PuffsTesting.freshName("memfs"), PuffsTesting.ownedMemFs());
  }

  @AfterAll
  static void unmount() throws IOException {
    fs.close();
    testKit.shutdownTestKit();
    // Every vnode the suite's operations took was given back: the unmount did not have to be forced.
    assertFalse(((PuffsFileSystem) fs).unmountForced());
  }

  @Override
  protected Path freshDirectory() throws IOException {
    return Files.createDirectory(fs.getPath("/test" + dirs.incrementAndGet()));
  }
}
