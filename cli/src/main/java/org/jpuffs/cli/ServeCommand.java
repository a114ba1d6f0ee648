package org.jpuffs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.EngineAddress;
import org.jpuffs.api.server.remote.RegistrationException;
import org.jpuffs.api.server.remote.RemoteConfig;
import org.jpuffs.api.server.remote.RemoteServer;
import org.jpuffs.api.server.remote.ServerRegistration;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jpuffs serve --fs memfs|passthrough:DIR --engine HOST:PORT --mount NAME [--token T]}: a server process for
 * one mount of an engine in another JVM (see docs/remote.md). It registers with the engine and serves until stopped
 * (Ctrl-C, SIGTERM) or until its runtime dies.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Runs a file-system server for mount NAME of the engine at HOST:PORT, over Pekko Artery.",
        "Exits 1 if the engine refuses it (wrong token, mount not offered) or cannot be reached."})
final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--fs", required = true, paramLabel = "memfs|passthrough:DIR",
      description = "The file system to serve: an in-memory one, or a host directory.")
  String fs;

  @Option(names = "--engine", required = true, paramLabel = "HOST:PORT",
      description = "The engine's Artery endpoint (its --listen).")
  String engine;

  @Option(names = "--mount", required = true, paramLabel = "NAME", description = "The mount to serve.")
  String mount;

  @Option(names = "--token", paramLabel = "T", defaultValue = "${env:JPUFFS_TOKEN:-}",
      description = "The mount's registration token (default: $JPUFFS_TOKEN; none if unset).")
  String token;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
      description = "This server's own Artery endpoint; the engine connects back to it (default: ${DEFAULT-VALUE},"
          + " port 0 picks a free one).")
  String listen;

  @Option(names = "--config", paramLabel = "FILE",
      description = "HOCON settings over the remote defaults, e.g. the TLS key and trust stores.")
  Path config;

  @Override
  public Integer call() {
    EngineAddress engineAddress = parse(engine, "--engine");
    String[] own = listen.split(":(?=[^:]*$)");
    if (own.length != 2) {
      throw new ParameterException(spec.commandLine(), "--listen: not HOST:PORT: " + listen);
    }
    int port;
    try {
      port = Integer.parseInt(own[1]);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--listen: not HOST:PORT: " + listen, e);
    }
    Config settings = RemoteConfig.server(overrides(), ConfigFactory.load(), own[0], port);
    RemoteServer server = RemoteServer.start(ServerRuntime.create(fileSystem()),
        ServerRegistration.Settings.fromConfig(settings, engineAddress, mount, token), settings);
    AtomicBoolean stopped = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopped.set(true);
      server.close();
    }, "jpuffs serve shutdown"));
    try {
      server.registered().toCompletableFuture().join();
    } catch (CompletionException e) {
      server.close();
      if (e.getCause() instanceof RegistrationException refused) {
        throw refused;
      }
      throw e;
    }
    spec.commandLine().getOut().println("serving mount " + mount + " for engine " + engineAddress);
    spec.commandLine().getOut().flush();
    server.whenTerminated().toCompletableFuture().join();
    // Terminated without being stopped: the runtime died, which is a failure (RemoteServer stops the system then).
    return stopped.get() ? ExitCode.OK : ExitCode.SOFTWARE;
  }

  private EngineAddress parse(String text, String option) {
    try {
      return EngineAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage(), e);
    }
  }

  private Config overrides() {
    Config system = ConfigFactory.systemProperties();
    if (config == null) {
      return system;
    }
    if (!Files.isRegularFile(config)) {
      throw new ParameterException(spec.commandLine(), "--config: no such file: " + config);
    }
    return system.withFallback(ConfigFactory.parseFile(config.toFile()));
  }

  private FileSystemServer fileSystem() {
    if (fs.equals("memfs")) {
      return new MemFs();
    }
    if (fs.startsWith("passthrough:")) {
      Path dir = Path.of(fs.substring("passthrough:".length()));
      if (!Files.isDirectory(dir)) {
        throw new ParameterException(spec.commandLine(), "--fs: not a directory: " + dir);
      }
      return new PassthroughFs(dir);
    }
    throw new ParameterException(spec.commandLine(), "--fs: memfs or passthrough:DIR, not " + fs);
  }
}
