package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Changes made behind the server's back reach the kernel's caches: passthrough's host watcher sends the engine
 * invalidations, the bridge turns them into FUSE notifications. The mount caches names and attributes for an hour,
 * so without the notifications the kernel would keep serving what it saw first.
 */
@EnabledIf("org.jpuffs.fuse.FuseFixture#available")
class KernelInvalidationTest {
  static final ActorTestKit testKit = FuseFixture.testKit();
  private static final Duration NOTICE = Duration.ofSeconds(30);
  static Path backing;
  static FuseFixture fs;

  @BeforeAll
  static void mount() throws IOException {
    backing = Files.createTempDirectory("jpuffs-backing-");
    FuseFixture.run(backing, "mount -t tmpfs -o size=16m jpuffs-backing " + backing);
    fs = FuseFixture.mount(testKit, new PassthroughFs(backing),
        FuseOptions.parse("entry_timeout=3600,attr_timeout=3600"));
  }

  @AfterAll
  static void unmount() throws IOException {
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      testKit.shutdownTestKit();
      FuseFixture.run(Path.of("/"), "umount " + backing + "; rmdir " + backing);
    }
  }

  @Test
  void modeChangedOnTheHostShowsThroughTheMount() throws IOException {
    Files.writeString(fs.dir.resolve("changed"), "data");
    assertEquals("644\n", FuseFixture.run(fs.dir, "chmod 644 changed && stat -c %a changed").output());
    Files.setPosixFilePermissions(backing.resolve("changed"), PosixFilePermissions.fromString("rw-------"));
    TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(NOTICE, () -> {
      assertEquals("600\n", FuseFixture.run(fs.dir, "stat -c %a changed").output());
      return null;
    });
  }

  @Test
  void nameRemovedOnTheHostDisappearsFromTheMount() throws IOException {
    Files.writeString(fs.dir.resolve("doomed"), "x");
    assertEquals("x", Files.readString(fs.dir.resolve("doomed")));
    Files.delete(backing.resolve("doomed"));
    TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(NOTICE, () -> {
      assertFalse(Files.exists(fs.dir.resolve("doomed")));
      return null;
    });
  }
}
