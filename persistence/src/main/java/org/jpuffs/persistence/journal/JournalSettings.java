package org.jpuffs.persistence.journal;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how an engine journals, from the {@code jpuffs} section of the configuration (defaults in this module's
 * reference.conf).
 *
 * @param kind the journal: LevelDB under the data dir, or in memory (ephemeral, for embedding and tests)
 * @param dataDir the engine's data dir; LevelDB keeps its journal and snapshots below it
 * @param fsync whether every journal write is synced to disk before it counts as done
 * @param nativeLevelDb whether to use leveldbjni, the pure-Java port, or whichever works here
 * @param snapshotEvery a mount snapshots its state every this many events
 * @param reserveBytes below this much free space on the data dir's file system, requests the journal would have to
 *     take fail with ENOSPC ({@link DiskReserve}); 0 = no reserve
 */
public record JournalSettings(Kind kind, Path dataDir, boolean fsync, NativeChoice nativeLevelDb, int snapshotEvery,
    long reserveBytes) {

  /** The reserve when the configuration names none: room for LevelDB's compactions and the lifecycle events. */
  public static final long DEFAULT_RESERVE_BYTES = 64L << 20;

  /** The journal an engine uses. */
  public enum Kind {
    /** Pekko's LevelDB journal and local snapshot store under the data dir: survives the JVM. */
    LEVELDB,
    /** Pekko's in-memory journal and no snapshot store: gone with the actor system. */
    IN_MEMORY
  }

  /** Which LevelDB implementation backs the journal. */
  public enum NativeChoice {
    /** leveldbjni where its native library loads, else the pure-Java port (and the log says so). */
    AUTO,
    /** leveldbjni only. */
    ON,
    /** The pure-Java port ({@code org.iq80.leveldb}) only. */
    OFF
  }

  public JournalSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(nativeLevelDb, "nativeLevelDb");
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshot-every must be at least 1, not " + snapshotEvery);
    }
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("journal-reserve must not be negative, not " + reserveBytes);
    }
  }

  /** The settings under {@code jpuffs} in {@code config}. */
  public static JournalSettings fromConfig(Config config) {
    Config jpuffs = config.getConfig("jpuffs");
    return new JournalSettings(kindOf(jpuffs.getString("journal")), Path.of(jpuffs.getString("data-dir")),
        jpuffs.getBoolean("fsync"), nativeOf(jpuffs.getString("leveldb-native")), jpuffs.getInt("snapshot-every"),
        jpuffs.getBytes("journal-reserve"));
  }

  /** An ephemeral in-memory journal (the data dir is not used). */
  public static JournalSettings inMemory() {
    return new JournalSettings(Kind.IN_MEMORY, Path.of("jpuffs-data"), true, NativeChoice.AUTO, 1000, DEFAULT_RESERVE_BYTES);
  }

  /** A LevelDB journal under {@code dataDir} with fsync on. */
  public static JournalSettings levelDb(Path dataDir) {
    return new JournalSettings(Kind.LEVELDB, dataDir, true, NativeChoice.AUTO, 1000, DEFAULT_RESERVE_BYTES);
  }

  /** These settings for a LevelDB journal under another data dir. */
  public JournalSettings withDataDir(Path dataDir) {
    return new JournalSettings(Kind.LEVELDB, dataDir, fsync, nativeLevelDb, snapshotEvery, reserveBytes);
  }

  /** These settings with fsync on or off. */
  public JournalSettings withFsync(boolean fsync) {
    return new JournalSettings(kind, dataDir, fsync, nativeLevelDb, snapshotEvery, reserveBytes);
  }

  /** These settings with another LevelDB implementation choice. */
  public JournalSettings withNative(NativeChoice nativeLevelDb) {
    return new JournalSettings(kind, dataDir, fsync, nativeLevelDb, snapshotEvery, reserveBytes);
  }

  /** These settings with another snapshot interval. */
  public JournalSettings withSnapshotEvery(int snapshotEvery) {
    return new JournalSettings(kind, dataDir, fsync, nativeLevelDb, snapshotEvery, reserveBytes);
  }

  /** These settings with another disk reserve (0 = none). */
  public JournalSettings withReserveBytes(long reserveBytes) {
    return new JournalSettings(kind, dataDir, fsync, nativeLevelDb, snapshotEvery, reserveBytes);
  }

  /** The directory LevelDB keeps the journal in. */
  public Path journalDir() {
    return dataDir.resolve("journal");
  }

  /** The directory the local snapshot store keeps snapshots in. */
  public Path snapshotDir() {
    return dataDir.resolve("snapshots");
  }

  private static Kind kindOf(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "leveldb":
        return Kind.LEVELDB;
      case "in-memory":
      case "inmem":
        return Kind.IN_MEMORY;
      default:
        throw new IllegalArgumentException("jpuffs.journal must be leveldb or in-memory, not " + value);
    }
  }

  private static NativeChoice nativeOf(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "auto":
        return NativeChoice.AUTO;
      case "on":
      case "true":
        return NativeChoice.ON;
      case "off":
      case "false":
        return NativeChoice.OFF;
      default:
        throw new IllegalArgumentException("jpuffs.leveldb-native must be auto, on or off, not " + value);
    }
  }
}
