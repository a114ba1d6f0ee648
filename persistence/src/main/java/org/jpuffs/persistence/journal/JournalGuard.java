package org.jpuffs.persistence.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Notices a journal that has gone missing. LevelDB creates an empty journal wherever it finds none, so a deleted
 * journal directory would come back as an engine with no mounts; the data dir therefore carries a marker written once
 * its journal has been opened, and an engine that finds the marker but no journal refuses to start.
 */
public final class JournalGuard {

  /** The marker's name inside the data dir. */
  public static final String MARKER = "journal.created";

  private JournalGuard() {}

  /**
   * Checks that a data dir that had a journal still has it.
   *
   * @throws JournalException naming the journal directory if it is gone
   */
  public static void check(JournalSettings settings) {
    if (settings.kind() != JournalSettings.Kind.LEVELDB) {
      return;
    }
    Path journal = settings.journalDir().toAbsolutePath().normalize();
    if (Files.exists(settings.dataDir().resolve(MARKER)) && !Files.exists(journal.resolve("CURRENT"))) {
      throw new JournalException("the journal " + journal + " is missing, but this data dir had one ("
          + settings.dataDir().resolve(MARKER) + "); restore it, or remove the marker to start empty");
    }
  }

  /** Records that the data dir's journal exists (after it was opened). */
  public static void markCreated(JournalSettings settings) {
    if (settings.kind() != JournalSettings.Kind.LEVELDB) {
      return;
    }
    Path marker = settings.dataDir().resolve(MARKER);
    try {
      if (!Files.exists(marker)) {
        Files.writeString(marker, "the LevelDB journal of this data dir is " + settings.journalDir() + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
  }
}
