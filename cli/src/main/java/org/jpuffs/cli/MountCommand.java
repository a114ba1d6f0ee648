package org.jpuffs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.remote.RemoteEngine;
import org.jpuffs.fuse.FuseMount;
import org.jpuffs.fuse.FuseOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpuffs mount}: a server mounted through the engine and FUSE, in the foreground until it is unmounted
 * ({@code jpuffs umount}, Ctrl-C, SIGTERM). With {@code --listen HOST:PORT --wait-server} the server is another
 * process ({@code jpuffs serve}) that registers over Artery; when it dies the mount parks its requests until the next
 * server process registers (see docs/remote.md).
 */
@Command(
    name = "mount",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Mounts a file-system server on MOUNTPOINT through FUSE and serves it in the foreground.",
        "Prints 'mounted NAME at MOUNTPOINT' once the kernel has initialised the mount; Ctrl-C or SIGTERM unmount"
            + " cleanly, as does 'jpuffs umount MOUNTPOINT' from elsewhere."})
final class MountCommand implements Callable<Integer> {
  private static final long WAIT_SECONDS = 30;

  @Spec
  CommandSpec spec;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The mount's name, its identity in the journal (default: the mount point's base name).")
  String name;

  @Option(names = "--fs", paramLabel = "FS", defaultValue = "memfs",
      description = "memfs or passthrough:DIR (default: ${DEFAULT-VALUE}).")
  String fs;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Where the engine keeps its state (passed to the engine as jpuffs.data-dir).")
  Path dataDir;

  @Option(names = "--record", paramLabel = "LEVEL", defaultValue = "mutations",
      description = "none, mutations or full: how much is journaled (default: ${DEFAULT-VALUE}).")
  String record;

  @Option(names = "-o", paramLabel = "OPTS",
      description = "Comma-separated options: FUSE (allow_other, default_permissions, no_default_permissions, ro,"
          + " fsname=, subtype=, entry_timeout=S, attr_timeout=S, readers=N, locks=engine|kernel; kernel is the"
          + " default for memfs) and puffs (nocache, nocache_name,"
          + " nocache_page, nocache_attr, wtcache, cache_fs_ttl, allops, iaondemand, cache_dotdot, noflush_meta).")
  String options;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "With --wait-server: the engine's Artery endpoint, where 'jpuffs serve --engine HOST:PORT'"
          + " servers register (port 0 picks a free one).")
  String listen;

  @Option(names = "--wait-server",
      description = "Mount a server in another process: wait for one to register for NAME at --listen, mount it,"
          + " and attach the next one to register whenever it is lost (replay or reattach).")
  boolean waitServer;

  @Option(names = "--token", paramLabel = "T", defaultValue = "${env:JPUFFS_TOKEN:-}",
      description = "With --wait-server: the registration token servers must present (default: $JPUFFS_TOKEN;"
          + " none if unset).")
  String token;

  @Option(names = "--config", paramLabel = "FILE",
      description = "With --wait-server: HOCON settings over the remote defaults, e.g. the TLS key and trust stores.")
  Path remoteConfig;

  @Parameters(paramLabel = "MOUNTPOINT", description = "An existing directory.")
  Path mountpoint;

  @Override
  public Integer call() throws IOException {
    FsSpec server;
    FuseOptions fuseOptions;
    RecordLevel level;
    InetSocketAddress listenOn = remoteOptions();
    try {
      server = FsSpec.parse(fs);
      fuseOptions = fuseOptions(server, waitServer, options);
      level = RecordLevel.valueOf(record.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Path target = mountpoint.toAbsolutePath().normalize();
    String mountName = name != null ? name
        : target.getFileName() == null ? "root" : target.getFileName().toString();
    MountRequest request = MountRequest.of(mountName).withRecordLevel(level)
        .withExtraKflags(fuseOptions.kflags()).withMountedOn(target.toString())
        .withMountFlags(fuseOptions.readOnly() ? MountFlags.MNT_RDONLY : 0);
    Config config = ConfigFactory.load();
    if (dataDir != null) {
      config = config.withValue("jpuffs.data-dir",
          ConfigValueFactory.fromAnyRef(dataDir.toAbsolutePath().toString()));
    }
    RemoteEngine remote = listenOn == null ? null
        : RemoteEngine.start(remoteOverrides(), config, listenOn.getHostString(), listenOn.getPort());
    PuffsEngine engine = remote != null ? remote.engine() : PuffsEngine.start(config);
    try {
      Mount mount;
      if (remote != null) {
        System.out.println("waiting for a server for mount " + mountName + " at " + remote.address());
        System.out.flush();
        mount = waitForServer(remote, request);
      } else {
        // With the default executor (auto) memfs runs on its runtime's own thread: it says its ops never block.
        ServerRuntime.Settings settings = ServerRuntime.Settings.fromConfig(engine.system().settings().config());
        ActorRef<ServerRuntime.Command> runtime = engine.system().systemActorOf(
            ServerRuntime.create(server.servers().get(), settings), "server-" + mountName, Props.empty());
        mount = mountOrRestore(engine, request, runtime);
      }
      FuseMount fuse = FuseMount.mount(mount, target, fuseOptions);
      Thread hook = new Thread(() -> closeQuietly(fuse), "jpuffs-umount");
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.println("mounted " + mountName + " at " + target);
      System.out.flush();
      fuse.ended().toCompletableFuture().join();
      closeQuietly(fuse);
      await(mount.unmount(MountFlags.MNT_FORCE));
      System.out.println("unmounted " + mountName + " from " + target);
      return ExitCode.OK;
    } finally {
      engine.close();
    }
  }

  /**
   * NAME is the mount's identity in the journal: a mount of that name the engine restored (its last process died
   * without unmounting) gets the new server attached — replayed or reattached — instead of a fresh mount.
   */
  private static Mount mountOrRestore(PuffsEngine engine, MountRequest request,
      ActorRef<ServerRuntime.Command> runtime) throws IOException {
    Mount restored = engine.restored().get(request.name());
    if (restored == null) {
      return await(engine.mount(request, runtime));
    }
    await(restored.attach(runtime));
    return restored;
  }

  /**
   * The FUSE options of a mount of {@code server}: {@code -o} over what the mount starts from. A memfs mounted here
   * is reached only through the kernel, whose own lock manager is then both exact and cheaper than the engine's (no
   * FLUSH at each close): {@code locks=kernel}. A passthrough directory is the host's too, and a server waited for
   * may be anything: their locks stay in the engine, where the server sees them.
   *
   * @throws IllegalArgumentException for a bad {@code -o}
   */
  static FuseOptions fuseOptions(FsSpec server, boolean waitServer, String options) {
    String start = server.privateToMount() && !waitServer ? "locks=kernel," : "";
    return FuseOptions.parse(start + (options == null ? "" : options));
  }

  /**
   * The --listen address if --wait-server is given; null for a local server. The remote options go together and
   * exclude --fs.
   */
  private InetSocketAddress remoteOptions() {
    ParseResult parsed = spec.commandLine().getParseResult();
    if (!waitServer) {
      for (String option : List.of("--listen", "--token", "--config")) {
        if (parsed.hasMatchedOption(option)) {
          throw new ParameterException(spec.commandLine(), option + " needs --wait-server");
        }
      }
      return null;
    }
    if (listen == null) {
      throw new ParameterException(spec.commandLine(), "--wait-server needs --listen HOST:PORT");
    }
    if (parsed.hasMatchedOption("--fs")) {
      throw new ParameterException(spec.commandLine(),
          "--fs and --wait-server exclude each other: the server process chooses the file system");
    }
    if (remoteConfig != null && !Files.isRegularFile(remoteConfig)) {
      throw new ParameterException(spec.commandLine(), "--config: no such file: " + remoteConfig);
    }
    // Port 0 is allowed here (a free port, printed once bound), unlike in an address to connect to.
    int colon = listen.lastIndexOf(':');
    try {
      int port = Integer.parseInt(listen.substring(colon + 1));
      String host = listen.substring(0, Math.max(colon, 0)).replaceAll("^\\[(.*)]$", "$1");
      if (colon <= 0 || port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return InetSocketAddress.createUnresolved(host, port);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--listen: not HOST:PORT: " + listen, e);
    }
  }

  private Config remoteOverrides() {
    Config system = ConfigFactory.systemProperties();
    return remoteConfig == null ? system : system.withFallback(ConfigFactory.parseFile(remoteConfig.toFile()));
  }

  /**
   * Waits, without a time limit, for a server to register for the mount, then mounts it — or attaches it to the mount
   * of that name the engine restored. Either way the engine keeps attaching the next server to register whenever the
   * mount loses its server.
   */
  private Mount waitForServer(RemoteEngine remote, MountRequest request) throws IOException {
    Mount restored = remote.engine().restored().get(request.name());
    CompletionStage<Mount> mounted = restored == null ? remote.mountWhenRegistered(request, token)
        : remote.attachWhenRegistered(restored, token);
    try {
      return mounted.toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void closeQuietly(FuseMount fuse) {
    try {
      fuse.close();
    } catch (IOException e) {
      System.err.println("jpuffs mount: " + e.getMessage());
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws IOException {
    try {
      return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("no answer from the engine in " + WAIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
