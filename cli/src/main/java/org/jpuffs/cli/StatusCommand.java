package org.jpuffs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpuffs.engine.recovery.JournalInspector;
import org.jpuffs.persistence.journal.JournalSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jpuffs status [--data DIR]}: the mounts a data dir's journal holds — one line each: name, session, status,
 * server epoch, record level, mount point. A data dir in use by an engine is reported as such (exit 1); a running
 * engine reports parked requests and recovery progress through {@code Mount.info()}.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Lists the mounts of a data dir as its journal holds them: NAME SESSION STATUS EPOCH RECORD-LEVEL MOUNTED-ON.",
        "A mount that was RUNNING when its engine stopped comes back RECOVERING when the engine starts again."})
final class StatusCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "jpuffs-data",
      description = "The engine's data dir (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() {
    Config config = ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load());
    if (!dataDir.toFile().isDirectory()) {
      spec.commandLine().getErr().println("status: no data dir " + dataDir);
      return ExitCode.SOFTWARE;
    }
    JournalSettings settings = JournalSettings.fromConfig(config).withDataDir(dataDir);
    List<JournalInspector.MountSummary> mounts = JournalInspector.mounts(settings, config, Duration.ofSeconds(30));
    var out = spec.commandLine().getOut();
    out.println("NAME SESSION STATUS EPOCH RECORD-LEVEL MOUNTED-ON");
    for (JournalInspector.MountSummary mount : mounts) {
      out.println(String.join(" ", mount.name(), Long.toString(mount.session()), mount.status().name(),
          Long.toString(mount.epoch()), mount.recordLevel().name().toLowerCase(java.util.Locale.ROOT),
          mount.mountedOn()));
    }
    out.flush();
    return ExitCode.OK;
  }
}
