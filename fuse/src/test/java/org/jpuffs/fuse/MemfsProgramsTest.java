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
    // Several readers, whatever this machine's default: the programs then drive the readers' concurrency, which a
    // mount of one reader (the default on two CPUs, as PassthroughProgramsTest runs) never sees.
    fs = FuseFixture.mount(testKit, new MemFs(), FuseOptions.parse("readers=4"));
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
