package org.jpuffs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.server.ServerExecutors;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.fuse.FuseMount;
import org.jpuffs.fuse.FuseOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpuffs mount}: a server mounted through the engine and FUSE, in the foreground until it is unmounted
 * ({@code jpuffs umount}, Ctrl-C, SIGTERM).
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
          + " fsname=, subtype=, entry_timeout=S, attr_timeout=S, readers=N) and puffs (nocache, nocache_name,"
          + " nocache_page, nocache_attr, wtcache, cache_fs_ttl, allops, iaondemand, cache_dotdot, noflush_meta).")
  String options;

  @Parameters(paramLabel = "MOUNTPOINT", description = "An existing directory.")
  Path mountpoint;

  @Override
  public Integer call() throws IOException {
    FsSpec server;
    FuseOptions fuseOptions;
    RecordLevel level;
    try {
      server = FsSpec.parse(fs);
      fuseOptions = FuseOptions.parse(options);
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
    PuffsEngine engine = PuffsEngine.start(config);
    try {
      ServerRuntime.Settings settings = ServerRuntime.Settings.fromConfig(engine.system().settings().config());
      if (server.nonBlocking()) {
        settings = settings.withExecutor(ServerExecutors.Kind.INLINE);
      }
      ActorRef<ServerRuntime.Command> runtime = engine.system().systemActorOf(
          ServerRuntime.create(server.servers().get(), settings), "server-" + mountName, Props.empty());
      Mount mount = mountOrRestore(engine, request, runtime);
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
