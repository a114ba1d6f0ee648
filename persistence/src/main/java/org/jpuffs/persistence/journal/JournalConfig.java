package org.jpuffs.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pekko persistence plugins for {@link JournalSettings}: LevelDB (native, or the pure-Java port where the native
 * library does not load) with the local snapshot store under the data dir, or the in-memory journal.
 */
public final class JournalConfig {

  private static final Logger LOG = LoggerFactory.getLogger(JournalConfig.class);

  /** Pekko's plugins this build configures. */
  public static final String LEVELDB_JOURNAL = "pekko.persistence.journal.leveldb";
  public static final String INMEM_JOURNAL = "pekko.persistence.journal.inmem";
  public static final String LOCAL_SNAPSHOTS = "pekko.persistence.snapshot-store.local";
  public static final String NO_SNAPSHOTS = "pekko.persistence.no-snapshot-store";

  private JournalConfig() {}

  /**
   * The plugins for {@code settings}. LevelDB gets plugin ids of its own ({@code jpuffs-journal-SUFFIX},
   * {@code jpuffs-snapshots-SUFFIX}) configured from Pekko's LevelDB and local-store defaults in
   * {@code systemConfig}, so that two engines in one actor system keep two data dirs. Logs which LevelDB is used
   * when it is not the native one.
   *
   * @throws IllegalStateException if native LevelDB is required ({@code leveldb-native = on}) but does not load
   */
  public static JournalPlugins plugins(JournalSettings settings, Config systemConfig, String suffix) {
    if (settings.kind() == JournalSettings.Kind.IN_MEMORY) {
      return new JournalPlugins(INMEM_JOURNAL, Optional.empty(), NO_SNAPSHOTS, Optional.empty(), false,
          settings.snapshotEvery());
    }
    boolean useNative = useNative(settings.nativeLevelDb(), LevelDbNative.unavailableBecause());
    String journalId = "jpuffs-journal-" + suffix;
    Map<String, Object> journal = new HashMap<>();
    journal.put("dir", settings.journalDir().toAbsolutePath().toString());
    journal.put("fsync", settings.fsync());
    journal.put("native", useNative);
    String snapshotId = "jpuffs-snapshots-" + suffix;
    Map<String, Object> snapshots = new HashMap<>();
    snapshots.put("dir", settings.snapshotDir().toAbsolutePath().toString());
    return new JournalPlugins(
        journalId, Optional.of(plugin(journalId, journal, systemConfig.getConfig(LEVELDB_JOURNAL))),
        snapshotId, Optional.of(plugin(snapshotId, snapshots, systemConfig.getConfig(LOCAL_SNAPSHOTS))),
        true, settings.snapshotEvery());
  }

  private static Config plugin(String id, Map<String, Object> values, Config defaults) {
    return ConfigFactory.parseMap(values).withFallback(defaults).atPath(id);
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
