package org.jpuffs.engine;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.mount.MountActor;
import org.jpuffs.engine.mount.MountRegistry;
import org.jpuffs.engine.sop.InvalidationListener;

/**
 * The engine: the kernel side of puffs. It mounts servers and hands out {@link Mount}s, through which clients reach
 * vnodes. Start one with its own actor system ({@link #start}) or inside a service that already runs Pekko
 * ({@link #attach}); settings come from {@code jpuffs.engine} in the configuration.
 */
public final class PuffsEngine implements AutoCloseable {

  private final ActorSystem<?> system;
  private final boolean ownsSystem;
  private final EngineSettings settings;
  private final ActorRef<MountRegistry.Command> registry;
  private final EngineCalls calls;

  private PuffsEngine(ActorSystem<?> system, boolean ownsSystem, EngineSettings settings) {
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.settings = settings;
    this.registry = system.systemActorOf(MountRegistry.create(settings.mount()), "jpuffs-mounts-" + System.nanoTime(),
        Props.empty());
    this.calls = new EngineCalls(system.scheduler(), system.executionContext(), settings.askTimeout());
  }

  /** An engine with its own actor system, configured by {@code config}. {@link #close} terminates the system. */
  public static PuffsEngine start(Config config) {
    Objects.requireNonNull(config, "config");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "jpuffs", config);
    return new PuffsEngine(system, true, EngineSettings.fromConfig(config));
  }

  /** An engine inside {@code system}; {@link #close} leaves the system running. */
  public static PuffsEngine attach(ActorSystem<?> system, Config config) {
    Objects.requireNonNull(system, "system");
    return new PuffsEngine(system, false, EngineSettings.fromConfig(config.withFallback(system.settings().config())));
  }

  /** An engine inside {@code system} with {@code settings} as they are (e.g. with a test's cache clock). */
  public static PuffsEngine attach(ActorSystem<?> system, EngineSettings settings) {
    Objects.requireNonNull(system, "system");
    return new PuffsEngine(system, false, Objects.requireNonNull(settings, "settings"));
  }

  /** The actor system the engine runs in. */
  public ActorSystem<?> system() {
    return system;
  }

  /** The engine's settings. */
  public EngineSettings settings() {
    return settings;
  }

  /**
   * Mounts {@code server} as {@code request} says and starts the mount: the server describes itself (its
   * {@link MountSpec}), the engine builds and checks the mount arguments, then VFS_START. Fails with EBUSY if the name
   * is mounted, ENOENT if the server does not answer, and as {@code puffs_vfsop_mount} fails for bad arguments.
   */
  public CompletionStage<Mount> mount(MountRequest request, ActorRef<ServerRuntime.Command> server) {
    Objects.requireNonNull(request, "request");
    if (server == null) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.ENOENT, "no server to attach to"));
    }
    CompletionStage<MountSpec> spec = calls.<ServerRuntime.Command, MountSpec>ask(server,
        ServerRuntime.Describe::new, settings.describeTimeout()).exceptionally(failure -> {
          throw new PuffsException(Errno.ENOENT, "the server did not describe itself", failure);
        });
    return spec.thenCompose(described -> mountUnstarted(request, argsFor(request, described), server))
        .thenCompose(mount -> mount.start().thenApply(started -> mount));
  }

  /** The mount arguments for a server that described itself as {@code spec} ({@code puffs_mount} in libpuffs). */
  static MountArgs argsFor(MountRequest request, MountSpec spec) {
    return MountArgs.builder().version(PuffsConstants.PUFFSVERSION).flags(spec.kflags() | request.extraKflags())
        .maxmsglen(spec.maxMsgLen()).fhsize(spec.fhSize()).fhflags(spec.fhFlags()).vnopmask(spec.opMask())
        .typename(spec.typeName()).mntfromname(spec.mntFromName()).rootCookie(spec.rootCookie())
        .rootVtype(spec.rootVtype()).rootVsize(spec.rootSize()).rootRdev(spec.rootRdev()).svfsb(spec.statvfs())
        .build();
  }

  /**
   * VFS_MOUNT alone: checks {@code args} and leaves the mount MOUNTING until {@link Mount#start()}. The low-level
   * half of {@link #mount}, for exercising every branch of the mount checks.
   */
  public CompletionStage<Mount> mountUnstarted(String name, MountArgs args, ActorRef<ServerRuntime.Command> server) {
    return mountUnstarted(MountRequest.of(name), args, server);
  }

  /** VFS_MOUNT alone, with the flags and mount point of {@code request}. */
  public CompletionStage<Mount> mountUnstarted(MountRequest request, MountArgs args,
      ActorRef<ServerRuntime.Command> server) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(args, "args");
    List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> gone = new CompletableFuture<>();
    CompletionStage<MountActor.Created> created = calls.ask(registry, (ActorRef<MountActor.Created> replyTo) ->
        new MountRegistry.CreateMount(request.name(), request.mountFlags(), request.mountedOn(), args, server,
            listeners, gone, replyTo));
    return created.thenApply(outcome -> {
      if (outcome instanceof MountActor.Refused refused) {
        throw new PuffsException(refused.errno(), "mount " + request.name() + ": " + refused.reason());
      }
      MountActor.Mounted mounted = (MountActor.Mounted) outcome;
      return new Mount(request, mounted.args(), mounted.mount(), listeners, calls.until(gone));
    });
  }

  /** The names of the mounts. */
  public CompletionStage<List<String>> mounts() {
    return calls.ask(registry, MountRegistry.ListMounts::new);
  }

  /** Stops the engine; if it started its own actor system, terminates it and waits up to {@code timeout}. */
  public void close(Duration timeout) {
    if (ownsSystem) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(failure -> null).join();
    } else {
      // The mounts are the registry's children and stop with it.
      registry.tell(new MountRegistry.Shutdown());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
