package org.jpuffs.engine.mount;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jpuffs.engine.node.cache.CacheSettings;
import org.jpuffs.engine.recovery.RestartSettings;
import org.jpuffs.engine.recovery.ServerSnapshotSettings;
import org.jpuffs.persistence.journal.DiskReserve;

/**
 * The engine settings a mount needs, from {@code jpuffs.engine} (see the engine's reference.conf for defaults).
 *
 * @param requestTimeout how long a request waits for the server's reply before failing with ETIMEDOUT
 * @param maxNodes the soft bound on live node actors: idle nodes beyond it are reclaimed, referenced ones never
 * @param caches how the node caches behave
 * @param journalTimeout how long a mount waits for the journal to take (or give back) its lifecycle events
 * @param maxParked how many requests may wait for a server while the mount recovers; more fail with EAGAIN
 * @param recoveryDeadline how long a recovering mount waits for a server before it fails everything with ENXIO and
 *     unmounts (the puffs behaviour)
 * @param serverSnapshots when a mount snapshots its server, and where the files go
 * @param restart how a registered server factory is retried
 * @param diskReserve the free space the data dir keeps: below it, requests the journal would take fail with ENOSPC
 */
public record MountSettings(Duration requestTimeout, int maxNodes, CacheSettings caches, Duration journalTimeout,
    int maxParked, Duration recoveryDeadline, ServerSnapshotSettings serverSnapshots, RestartSettings restart,
    DiskReserve diskReserve) {
  public MountSettings {
    Objects.requireNonNull(diskReserve, "diskReserve");
    Objects.requireNonNull(serverSnapshots, "serverSnapshots");
    Objects.requireNonNull(restart, "restart");
    Objects.requireNonNull(recoveryDeadline, "recoveryDeadline");
    if (maxParked < 0) {
      throw new IllegalArgumentException("max-parked must not be negative, not " + maxParked);
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(journalTimeout, "journalTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request-timeout must be positive, not " + requestTimeout);
    }
    if (maxNodes < 1) {
      throw new IllegalArgumentException("max-nodes must be at least 1, not " + maxNodes);
    }
    Objects.requireNonNull(caches, "caches");
  }

  /** The settings under {@code jpuffs.engine} of {@code config}. */
  public static MountSettings fromConfig(Config config) {
    Config engine = config.getConfig("jpuffs.engine");
    return new MountSettings(engine.getDuration("request-timeout"), engine.getInt("max-nodes"),
        CacheSettings.fromConfig(config), engine.getDuration("journal-timeout"), engine.getInt("recovery.max-parked"),
        engine.getDuration("recovery.deadline"), ServerSnapshotSettings.fromConfig(config),
        RestartSettings.fromConfig(config), DiskReserve.none());
  }

  /** These settings with other cache settings. */
  public MountSettings withCaches(CacheSettings caches) {
    return new MountSettings(requestTimeout, maxNodes, caches, journalTimeout, maxParked, recoveryDeadline,
        serverSnapshots, restart, diskReserve);
  }

  /** These settings with server snapshot files under {@code dir}. */
  public MountSettings withServerSnapshotDir(Path dir) {
    return new MountSettings(requestTimeout, maxNodes, caches, journalTimeout, maxParked, recoveryDeadline,
        serverSnapshots.withDir(dir), restart, diskReserve);
  }

  /** These settings guarding the journal's disk with {@code diskReserve} (an engine's data dir has one). */
  public MountSettings withDiskReserve(DiskReserve diskReserve) {
    return new MountSettings(requestTimeout, maxNodes, caches, journalTimeout, maxParked, recoveryDeadline,
        serverSnapshots, restart, diskReserve);
  }
}
