package org.jpuffs.fuse;

import java.io.IOException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link RealProgramsContract} on memfs. */
@EnabledIf("org.jpuffs.fuse.FuseFixture#available")
class MemfsProgramsTest extends RealProgramsContract {
  static final ActorTestKit testKit = FuseFixture.testKit();
  static FuseFixture fs;

  @BeforeAll
  static void mount() throws IOException {
    fs = FuseFixture.mount(testKit, new MemFs(), FuseOptions.DEFAULT);
  }

  @AfterAll
  static void unmount() throws IOException {
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      testKit.shutdownTestKit();
    }
  }

  @Override
  String stressors() {
    return "--hdd 2 --hdd-ops 400 --hdd-bytes 2m";
  }

  @Override
  FuseFixture fs() {
    return fs;
  }
}
