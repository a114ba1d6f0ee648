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
    JournalPlugins plugins = JournalConfig.plugins(JournalSettings.fromConfig(
        ConfigFactory.parseString("jpuffs.journal = in-memory").withFallback(ConfigFactory.load())),
        ConfigFactory.load(), "x");
    assertEquals(JournalConfig.INMEM_JOURNAL, plugins.journalId());
    assertEquals(JournalConfig.NO_SNAPSHOTS, plugins.snapshotId());
    assertFalse(plugins.snapshots());
  }

  @Test
  void levelDbLivesUnderTheDataDir() {
    Path data = Path.of("/var/lib/jpuffs");
    JournalPlugins plugins = JournalConfig.plugins(JournalSettings.levelDb(data).withFsync(false)
        .withNative(JournalSettings.NativeChoice.OFF), ConfigFactory.load(), "7");
    assertEquals("jpuffs-journal-7", plugins.journalId());
    Config journal = plugins.journalConfig().orElseThrow().getConfig(plugins.journalId());
    assertEquals("/var/lib/jpuffs/journal", journal.getString("dir"));
    assertFalse(journal.getBoolean("fsync"));
    assertFalse(journal.getBoolean("native"));
    assertTrue(journal.getString("class").endsWith("LeveldbJournal"), "Pekko's LevelDB defaults come along");
    Config snapshots = plugins.snapshotConfig().orElseThrow().getConfig(plugins.snapshotId());
    assertEquals("/var/lib/jpuffs/snapshots", snapshots.getString("dir"));
    assertTrue(plugins.snapshots());
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
