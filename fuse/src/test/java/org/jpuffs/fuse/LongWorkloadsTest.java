package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The workloads of {@link RealProgramsContract} at a size that takes minutes: only with {@code -P long}. */
@Tag("long")
@EnabledIfSystemProperty(named = "jpuffs.long", matches = "true")
@EnabledIf("org.jpuffs.fuse.FuseFixture#available")
class LongWorkloadsTest {
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

  @Test
  void fioVerifiesMixedRandomIoWithFourJobs() {
    String out = fs.sh("mkdir -p fio && fio --name=long --directory=fio --rw=randrw --bs=4k --size=64m --numjobs=4"
        + " --ioengine=psync --verify=crc32c --do_verify=1 --verify_fatal=1 --group_reporting"
        + " --output-format=terse --terse-version=3 | cut -d';' -f5");
    assertEquals("0\n", out, "fio's error field");
  }

  @Test
  void stressNgFileStressorsVerify() {
    String out = fs.sh("mkdir -p sng && stress-ng --hdd 2 --hdd-ops 4000 --dir 1 --dir-ops 1000 --rename 1"
        + " --rename-ops 5000 --verify --temp-path sng 2>&1 | tail -1");
    assertTrue(out.contains("successful run completed"), out);
  }
}
