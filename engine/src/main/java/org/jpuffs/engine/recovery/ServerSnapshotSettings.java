package org.jpuffs.engine.recovery;

import com.typesafe.config.Config;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a mount asks its server for a snapshot, and where the files go ({@code jpuffs.engine.recovery.server-snapshot-*}
 * in the engine's reference.conf).
 *
 * @param every take a snapshot after this many journaled mutations; 0 = never
 * @param keep how many snapshots per mount recovery may fall back on (at least 1)
 * @param timeout how long a server may take to write one before the mount carries on without it
 * @param dir the directory under the data dir; empty for an engine without one (the in-memory journal): no snapshots
 */
public record ServerSnapshotSettings(int every, int keep, Duration timeout, Optional<Path> dir) {

  public ServerSnapshotSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(dir, "dir");
    if (every < 0) {
      throw new IllegalArgumentException("server-snapshot-every must not be negative, not " + every);
    }
    if (keep < 1) {
      throw new IllegalArgumentException("server-snapshot-keep must be at least 1, not " + keep);
    }
  }

  /** No snapshots. */
  public static ServerSnapshotSettings off() {
    return new ServerSnapshotSettings(0, 2, Duration.ofMinutes(1), Optional.empty());
  }

  /** The settings under {@code jpuffs.engine.recovery} of {@code config}, without a directory yet. */
  public static ServerSnapshotSettings fromConfig(Config config) {
    Config recovery = config.getConfig("jpuffs.engine.recovery");
    return new ServerSnapshotSettings(recovery.getInt("server-snapshot-every"),
        recovery.getInt("server-snapshot-keep"), recovery.getDuration("server-snapshot-timeout"), Optional.empty());
  }

  /** These settings with snapshot files under {@code dir}. */
  public ServerSnapshotSettings withDir(Path dir) {
    return new ServerSnapshotSettings(every, keep, timeout, Optional.of(dir));
  }

  /** {@code true} if snapshots are taken. */
  public boolean enabled() {
    return every > 0 && dir.isPresent();
  }

  /** The directory of mount {@code name}'s snapshots (the name encoded, so any mount name is one safe file name). */
  public Path dirOf(String name) {
    return dir.orElseThrow().resolve("mount-" + URLEncoder.encode(name, StandardCharsets.UTF_8));
  }
}
