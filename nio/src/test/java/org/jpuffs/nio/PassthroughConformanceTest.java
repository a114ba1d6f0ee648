package org.jpuffs.nio;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on {@code puffs:} over passthrough, serving a host temp directory. */
class PassthroughConformanceTest extends FileSystemConformance {

  static final ActorTestKit testKit = PuffsTesting.testKit();
  static final AtomicInteger dirs = new AtomicInteger();
  static Path host;
  static FileSystem fs;

  @BeforeAll
  static void mount() throws IOException {
    host = Files.createTempDirectory("puffs-nio-pt");
    fs = new PuffsTesting(testKit).mount(PuffsTesting.freshName("pt"), new PassthroughFs(host));
  }

  @AfterAll
  static void unmount() throws IOException {
    fs.close();
    testKit.shutdownTestKit();
    // Every vnode the suite's operations took was given back: the unmount did not have to be forced.
    assertFalse(((PuffsFileSystem) fs).unmountForced());
    PuffsTesting.deleteTree(host);
  }

  @Override
  protected Path freshDirectory() throws IOException {
    return Files.createDirectory(fs.getPath("/test" + dirs.incrementAndGet()));
  }
}
