package org.jpuffs.fuse.kernel;

import java.io.IOException;
import java.nio.file.Path;

/** A FUSE mount whose server died is still at the mount point (every access answers ENOTCONN). */
public final class StaleMountException extends IOException {
  private static final long serialVersionUID = 1L;

  public StaleMountException(Path target) {
    super("a stale FUSE mount (its server is gone) is at " + target + "; remove it with `jpuffs umount " + target
        + "` (or `fusermount3 -u " + target + "`)");
  }
}
