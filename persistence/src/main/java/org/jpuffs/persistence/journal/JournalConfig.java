package org.jpuffs.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pekko persistence configuration for {@link JournalSettings}: LevelDB (native, or the pure-Java port where the
 * native library does not load) with the local snapshot store under the data dir, or the in-memory journal.
 */
public final class JournalConfig {

  private static final Logger LOG = LoggerFactory.getLogger(JournalConfig.class);

  /** The journal plugin ids this build configures. */
  public static final String LEVELDB_JOURNAL = "pekko.persistence.journal.leveldb";
  public static final String INMEM_JOURNAL = "pekko.persistence.journal.inmem";
  public static final String LOCAL_SNAPSHOTS = "pekko.persistence.snapshot-store.local";
  public static final String NO_SNAPSHOTS = "pekko.persistence.no-snapshot-store";

  private JournalConfig() {}

  /**
   * The configuration to lay over the application's for {@code settings}: it names the plugins and, for LevelDB,
   * their directories, fsync and which implementation. Logs which LevelDB is used when it is not the native one.
   *
   * @throws IllegalStateException if native LevelDB is required ({@code leveldb-native = on}) but does not load
   */
  public static Config pekkoConfig(JournalSettings settings) {
    Map<String, Object> values = new HashMap<>();
    if (settings.kind() == JournalSettings.Kind.IN_MEMORY) {
      values.put("pekko.persistence.journal.plugin", INMEM_JOURNAL);
      values.put("pekko.persistence.snapshot-store.plugin", NO_SNAPSHOTS);
      return ConfigFactory.parseMap(values);
    }
    boolean useNative = useNative(settings.nativeLevelDb(), LevelDbNative.unavailableBecause());
    values.put("pekko.persistence.journal.plugin", LEVELDB_JOURNAL);
    values.put(LEVELDB_JOURNAL + ".dir", settings.journalDir().toAbsolutePath().toString());
    values.put(LEVELDB_JOURNAL + ".fsync", settings.fsync());
    values.put(LEVELDB_JOURNAL + ".native", useNative);
    // Open the journal when the actor system starts, so a broken journal is reported then, not at the first mount.
    values.put("pekko.persistence.journal.auto-start-journals",
        ConfigValueFactory.fromIterable(java.util.List.of(LEVELDB_JOURNAL)));
    values.put("pekko.persistence.snapshot-store.plugin", LOCAL_SNAPSHOTS);
    values.put(LOCAL_SNAPSHOTS + ".dir", settings.snapshotDir().toAbsolutePath().toString());
    return ConfigFactory.parseMap(values);
  }

  /** Whether to use leveldbjni, given the choice and whether its library loads ({@code why} says why not). */
  static boolean useNative(JournalSettings.NativeChoice choice, Optional<String> why) {
    switch (choice) {
      case OFF:
        return false;
      case ON:
        if (why.isPresent()) {
          throw new IllegalStateException("jpuffs.leveldb-native = on, but leveldbjni does not load: " + why.get());
        }
        return true;
      default:
        if (why.isPresent()) {
          LOG.warn("leveldbjni has no native library for this platform ({}); the journal uses the pure-Java "
              + "LevelDB port (org.iq80.leveldb) instead", why.get());
          return false;
        }
        return true;
    }
  }
}
