package org.jpuffs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jpuffs.fuse.FuseMount;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Parameters;

/** {@code jpuffs umount MOUNTPOINT}: unmounts a jpuffs FUSE mount (a stale one too); the serving process then exits. */
@Command(
    name = "umount",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Unmounts the FUSE mount at MOUNTPOINT (also one whose server died); its 'jpuffs mount' exits.")
final class UmountCommand implements Callable<Integer> {

  @Parameters(paramLabel = "MOUNTPOINT")
  Path mountpoint;

  @Override
  public Integer call() throws IOException {
    FuseMount.unmount(mountpoint);
    return ExitCode.OK;
  }
}
