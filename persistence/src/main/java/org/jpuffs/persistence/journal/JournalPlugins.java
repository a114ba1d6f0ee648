package org.jpuffs.persistence.journal;

import java.util.Objects;
import java.util.Optional;
import com.typesafe.config.Config;

/**
 * The journal and snapshot plugins one engine's event-sourced actors use, with their configuration supplied at run
 * time ({@code EventSourcedBehavior.journalPluginConfig}), so an engine can journal under its own data dir even
 * inside an actor system it did not configure ({@code PuffsEngine.attach}).
 *
 * @param journalId the journal plugin id
 * @param journalConfig the journal plugin's configuration at {@code journalId}, if it is not in the system's
 * @param snapshotId the snapshot store plugin id
 * @param snapshotConfig the snapshot store's configuration at {@code snapshotId}, if it is not in the system's
 * @param snapshots whether snapshots are stored (not for the in-memory journal)
 * @param snapshotEvery snapshot every this many events, when {@code snapshots}
 */
public record JournalPlugins(String journalId, Optional<Config> journalConfig, String snapshotId,
    Optional<Config> snapshotConfig, boolean snapshots, int snapshotEvery) {

  public JournalPlugins {
    Objects.requireNonNull(journalId, "journalId");
    Objects.requireNonNull(journalConfig, "journalConfig");
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(snapshotConfig, "snapshotConfig");
  }
}
