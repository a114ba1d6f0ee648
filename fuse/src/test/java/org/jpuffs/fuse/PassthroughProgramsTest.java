package org.jpuffs.fuse;

import java.io.IOException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link RealProgramsContract} on passthrough over a host temp directory. */
@EnabledIf("org.jpuffs.fuse.FuseFixture#available")
class PassthroughProgramsTest extends RealProgramsContract {
  static final ActorTestKit testKit = FuseFixture.testKit();
  static FuseFixture fs;
  static Path backing;

  @BeforeAll
  static void mount() throws IOException {
    // On the disk /tmp is on (ext4 here), which hands an unlinked file's inode number to the next new file while the
    // kernel may still hold the old node: passthrough's cookies fold in the inode's generation, so git, tar and
    // stress-ng work there (they used to fail with EPROTO on a duplicate cookie).
    backing = Files.createTempDirectory("jpuffs-backing-");
    fs = FuseFixture.mount(testKit, new PassthroughFs(backing), FuseOptions.DEFAULT);
  }

  @AfterAll
  static void unmount() throws IOException {
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      testKit.shutdownTestKit();
      if (backing != null) {
        FuseFixture.run(Path.of("/"), "rm -rf " + backing);
      }
    }
  }

  @Override
  String stressors() {
    // --hdd writes to files it has unlinked while open, which passthrough keeps alive through a kept descriptor.
    return "--hdd 2 --hdd-ops 400 --hdd-bytes 2m --dir 1 --dir-ops 100 --rename 1 --rename-ops 500";
  }

  @Override
  FuseFixture fs() {
    return fs;
  }
}
