package org.jpuffs.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
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
            + " ERROR report), printing each request and reply; then mounts memfs through the engine and uses it"
            + " through vnodes.",
        "Exits 0 if every reply is what its op should produce, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "jpuffs-data",
      description = "Where the engine keeps its state; created if missing (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws IOException {
    Demo.Result result = new Demo(DemoServers::memfs, System.out).run(dataDir, ConfigFactory.load());
    System.out.println();
    List<String> engineProblems = new EngineDemo(DemoServers::memfs, System.out).run(ConfigFactory.load());
    System.out.println();
    List<String> fuseProblems = new FuseDemo(DemoServers::memfs, System.out).run(ConfigFactory.load());
    return result.ok() && engineProblems.isEmpty() && fuseProblems.isEmpty() ? ExitCode.OK : ExitCode.SOFTWARE;
  }
}
