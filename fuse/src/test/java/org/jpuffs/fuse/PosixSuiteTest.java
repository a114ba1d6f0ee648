package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The project's POSIX behaviour suite ({@code posix-suite.sh}: hard links, renames over files and directories,
 * utimensat per field, permissions under other uids with supplementary groups, sticky directories, O_EXCL/O_APPEND/
 * O_TRUNC, ftruncate and unlink while open, mkfifo/mknod, symlink loops, name length, POSIX locks and when they
 * go) gives the same answers on a FUSE mount as on a host directory. The mounts allow other users in, so the
 * permission checks reach them.
 */
@EnabledIf("org.jpuffs.fuse.FuseFixture#available")
class PosixSuiteTest {
  static final ActorTestKit testKit = FuseFixture.testKit();
  static Path script;
  static String host;

  @BeforeAll
  static void runOnTheHost() throws IOException {
    script = Files.createTempFile("posix-suite-", ".sh");
    try (InputStream in = PosixSuiteTest.class.getResourceAsStream("posix-suite.sh")) {
      Files.write(script, in.readAllBytes());
    }
    Path dir = Files.createTempDirectory("jpuffs-host-");
    host = FuseFixture.run(dir, "bash " + script).output();
    FuseFixture.run(Path.of("/"), "rm -rf " + dir);
  }

  @AfterAll
  static void cleanUp() throws IOException {
    Files.deleteIfExists(script);
    testKit.shutdownTestKit();
  }

  @Test
  void memfsAnswersLikeTheHost() throws IOException {
    try (FuseFixture fs = FuseFixture.mount(testKit, new MemFs(), FuseOptions.parse("allow_other"))) {
      assertEquals(host, fs.run("bash " + script).output());
    }
  }

  /** The kernel's own lock manager instead of the engine's (what {@code jpuffs mount --fs memfs} uses). */
  @Test
  void memfsWithTheKernelsLocksAnswersLikeTheHost() throws IOException {
    try (FuseFixture fs = FuseFixture.mount(testKit, new MemFs(), FuseOptions.parse("allow_other,locks=kernel"))) {
      assertEquals(host, fs.run("bash " + script).output());
    }
  }

  @Test
  void passthroughAnswersLikeTheHost() throws IOException {
    Path backing = Files.createTempDirectory("jpuffs-backing-");
    FuseFixture.run(backing, "mount -t tmpfs -o size=64m jpuffs-backing " + backing);
    try (FuseFixture fs = FuseFixture.mount(testKit, new PassthroughFs(backing), FuseOptions.parse("allow_other"))) {
      assertEquals(host, fs.run("bash " + script).output());
    } finally {
      FuseFixture.run(Path.of("/"), "umount " + backing + "; rmdir " + backing);
    }
  }
}
