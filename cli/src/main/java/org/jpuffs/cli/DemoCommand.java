package org.jpuffs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jpuffs demo [--data DIR]}: the README's main job (see {@link Demo}). */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Runs memfs in a server runtime and sends it one request of every opclass (VFS, VN and a fire-and-forget"
            + " ERROR report), printing each request and reply; then mounts memfs through the engine (journaled"
            + " under --data) and uses it through vnodes, through java.nio.file, through FUSE where root and"
            + " /dev/fuse allow, and through a server crash and its recovery; the vnode session, recorded in full,"
            + " is read back from the data dir and replayed into a fresh memfs.",
        "Exits 0 if every step did what it should, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "jpuffs-data",
      description = "Where the engine keeps its journal; created if missing (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws IOException {
    Config config = ConfigFactory.load().withValue("jpuffs.data-dir",
        ConfigValueFactory.fromAnyRef(dataDir.toAbsolutePath().toString()));
    Demo.Result result = new Demo(DemoServers::memfs, System.out).run(dataDir, config);
    List<String> problems = new ArrayList<>();
    System.out.println();
    problems.addAll(new EngineDemo(DemoServers::memfs, System.out).run(config));
    System.out.println();
    problems.addAll(new ReplayDemo(DemoServers::memfs, System.out).run(config));
    System.out.println();
    problems.addAll(new NioDemo(DemoServers::memfs, System.out).run(config));
    System.out.println();
    problems.addAll(new RecoveryDemo(DemoServers::memfs, System.out).run(config));
    System.out.println();
    problems.addAll(new DiskReserveDemo(DemoServers::memfs, System.out).run(config));
    System.out.println();
    problems.addAll(new FuseDemo(DemoServers::memfs, System.out).run(config));
    return result.ok() && problems.isEmpty() ? ExitCode.OK : ExitCode.SOFTWARE;
  }
}
