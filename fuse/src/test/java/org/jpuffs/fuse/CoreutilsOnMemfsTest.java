package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real coreutils on a memfs FUSE mount. */
@EnabledIf("org.jpuffs.fuse.FuseFixture#available")
class CoreutilsOnMemfsTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static FuseFixture fs;

  @BeforeAll
  static void mount() throws IOException {
    fs = FuseFixture.mount(testKit, new MemFs(), FuseOptions.DEFAULT);
  }

  @AfterAll
  static void unmount() throws IOException {
    if (fs != null) {
      fs.close();
    }
    testKit.shutdownTestKit();
  }

  @Test
  void writeAndReadBack() {
    assertEquals("hello fuse\n", fs.sh("echo 'hello fuse' > a.txt; cat a.txt"));
  }

  @Test
  void mkdirPTouchDStatFind() {
    String out = fs.sh("mkdir -p t1/x/y/z; touch -d '2001-02-03 04:05:06 UTC' t1/x/y/z/f;"
        + " stat -c '%Y %s %F' t1/x/y/z/f; find t1 | sort");
    assertEquals("981173106 0 regular empty file\nt1\nt1/x\nt1/x/y\nt1/x/y/z\nt1/x/y/z/f\n", out);
  }
}
