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
  static final ActorTestKit testKit = ActorTestKit.create();
  static FuseFixture fs;
  static Path backing;

  @BeforeAll
  static void mount() throws IOException {
    backing = Files.createTempDirectory("jpuffs-backing-");
    // tmpfs, not the disk /tmp is on: passthrough's cookies are inode numbers, and ext4 hands an unlinked file's
    // number to the next new file while the kernel may still hold the old node (FORGET comes lazily), which the
    // engine then refuses as a duplicate cookie. See docs/fuse.md, limitations.
    FuseFixture.run(backing, "mount -t tmpfs -o size=512m jpuffs-backing " + backing);
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
        FuseFixture.run(Path.of("/"), "umount " + backing + "; rmdir " + backing);
      }
    }
  }

  @Override
  String stressors() {
    // Not --hdd: it writes to files it has unlinked while open, and passthrough finds nodes by host path
    // (ESTALE once the name is gone); docs/fuse.md lists this.
    return "--dir 1 --dir-ops 100 --rename 1 --rename-ops 500";
  }

  @Override
  FuseFixture fs() {
    return fs;
  }
}
