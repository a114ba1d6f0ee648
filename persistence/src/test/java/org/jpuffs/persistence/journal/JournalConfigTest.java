package org.jpuffs.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalConfigTest {

  @Test
  void theDefaultsAreLevelDbWithFsyncUnderJpuffsData() {
    JournalSettings settings = JournalSettings.fromConfig(ConfigFactory.load());
    assertEquals(JournalSettings.Kind.LEVELDB, settings.kind());
    assertEquals(Path.of("./jpuffs-data"), settings.dataDir());
    assertTrue(settings.fsync());
    assertEquals(JournalSettings.NativeChoice.AUTO, settings.nativeLevelDb());
  }

  @Test
  void inMemoryNeedsNoDirectories() {
    Config config = JournalConfig.pekkoConfig(JournalSettings.fromConfig(
        ConfigFactory.parseString("jpuffs.journal = in-memory").withFallback(ConfigFactory.load())));
    assertEquals(JournalConfig.INMEM_JOURNAL, config.getString("pekko.persistence.journal.plugin"));
    assertEquals(JournalConfig.NO_SNAPSHOTS, config.getString("pekko.persistence.snapshot-store.plugin"));
  }

  @Test
  void levelDbLivesUnderTheDataDir() {
    Path data = Path.of("/var/lib/jpuffs");
    Config config = JournalConfig.pekkoConfig(JournalSettings.levelDb(data).withFsync(false)
        .withNative(JournalSettings.NativeChoice.OFF));
    assertEquals(JournalConfig.LEVELDB_JOURNAL, config.getString("pekko.persistence.journal.plugin"));
    assertEquals("/var/lib/jpuffs/journal", config.getString(JournalConfig.LEVELDB_JOURNAL + ".dir"));
    assertFalse(config.getBoolean(JournalConfig.LEVELDB_JOURNAL + ".fsync"));
    assertFalse(config.getBoolean(JournalConfig.LEVELDB_JOURNAL + ".native"));
    assertEquals("/var/lib/jpuffs/snapshots", config.getString(JournalConfig.LOCAL_SNAPSHOTS + ".dir"));
  }

  @Test
  void withoutTheNativeLibraryAutoFallsBackAndOnRefuses() {
    Optional<String> missing = Optional.of("UnsatisfiedLinkError: Could not load library leveldbjni");
    assertFalse(JournalConfig.useNative(JournalSettings.NativeChoice.AUTO, missing));
    assertTrue(JournalConfig.useNative(JournalSettings.NativeChoice.AUTO, Optional.empty()));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> JournalConfig.useNative(JournalSettings.NativeChoice.ON, missing));
    assertTrue(e.getMessage().contains("does not load"), e.getMessage());
  }

  @Test
  void unknownJournalKindsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> JournalSettings.fromConfig(
        ConfigFactory.parseString("jpuffs.journal = cassandra").withFallback(ConfigFactory.load())));
  }
}
