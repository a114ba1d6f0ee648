package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.jpuffs.fuse.FuseOptions;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --fs} of {@code jpuffs mount}, and its usage errors (exit 2) before anything is mounted. */
class FsSpecTest {

  @Test
  void memfsIsAFreshMemfs() {
    assertInstanceOf(MemFs.class, FsSpec.parse("memfs").servers().get());
  }

  @Test
  void passthroughTakesADirectory(@TempDir Path dir) {
    assertInstanceOf(PassthroughFs.class, FsSpec.parse("passthrough:" + dir).servers().get());
  }

  @Test
  void passthroughOfAMissingDirectoryIsRefused(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> FsSpec.parse("passthrough:" + dir.resolve("missing")));
  }

  @Test
  void memfsKeepsLocksInTheKernelUnlessAskedOtherwise(@TempDir Path dir) {
    FsSpec memfs = FsSpec.parse("memfs");
    assertEquals(FuseOptions.Locks.KERNEL, MountCommand.fuseOptions(memfs, false, null).locks());
    assertEquals(FuseOptions.Locks.ENGINE, MountCommand.fuseOptions(memfs, false, "ro,locks=engine").locks());
    assertEquals(FuseOptions.Locks.ENGINE, MountCommand.fuseOptions(memfs, true, "").locks(),
        "a server waited for may be anything");
    assertEquals(FuseOptions.Locks.ENGINE,
        MountCommand.fuseOptions(FsSpec.parse("passthrough:" + dir), false, null).locks(),
        "a passthrough directory's other users see the server's locks");
  }

  @Test
  void anythingElseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> FsSpec.parse("ext4"));
    assertThrows(IllegalArgumentException.class, () -> FsSpec.parse("passthrough:"));
  }

  @Test
  void badFsOrRecordLevelIsAUsageError(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cli = Jpuffs.commandLine();
    cli.setErr(new PrintWriter(err, true));
    assertEquals(2, cli.execute("mount", "--fs", "ext4", dir.toString()));
    assertTrue(err.toString().contains("--fs takes memfs or passthrough:DIR"), err::toString);
    assertEquals(2, cli.execute("mount", "--record", "sometimes", dir.toString()));
  }
}
