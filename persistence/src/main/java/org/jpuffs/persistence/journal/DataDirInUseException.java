package org.jpuffs.persistence.journal;

import java.nio.file.Path;

/** Another engine (another process, or another engine in this one) holds the data dir. */
public final class DataDirInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path dataDir;

  public DataDirInUseException(Path dataDir, String holder) {
    super("data dir " + dataDir + " in use by " + holder);
    this.dataDir = dataDir;
  }

  /** The data dir that is held. */
  public Path dataDir() {
    return dataDir;
  }
}
