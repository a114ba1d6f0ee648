package org.jpuffs.engine;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
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
import org.jpuffs.engine.mount.MountSettings;
import org.jpuffs.engine.mount.MountState;
import org.jpuffs.persistence.journal.JournalException;
import org.jpuffs.persistence.journal.JournalGuard;
import org.jpuffs.persistence.journal.DataDirInUseException;
import org.jpuffs.persistence.journal.DataDirLock;
import org.jpuffs.persistence.journal.JournalConfig;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.DiskReserve;
import org.jpuffs.persistence.journal.JournalSettings;
import org.jpuffs.engine.sop.InvalidationListener;

/**
 * The engine: the kernel side of puffs. It mounts servers and hands out {@link Mount}s, through which clients reach
 * vnodes. Start one with its own actor system ({@link #start}) or inside a service that already runs Pekko
 * ({@link #attach}); settings come from {@code jpuffs.engine} in the configuration.
 */
public final class PuffsEngine implements AutoCloseable {

  private static final AtomicLong ENGINES = new AtomicLong();

  private final ActorSystem<?> system;
  private final boolean ownsSystem;
  private final EngineSettings settings;
  private final DataDirLock dataDirLock;
  private final ActorRef<MountRegistry.Command> registry;
  private final EngineCalls calls;
  private final Map<String, Mount> restored = new ConcurrentHashMap<>();

  private PuffsEngine(ActorSystem<?> system, boolean ownsSystem, EngineSettings settings, DataDirLock dataDirLock) {
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.settings = settings;
    this.dataDirLock = dataDirLock;
    JournalPlugins plugins = JournalConfig.plugins(settings.journal(), system.settings().config(),
        Long.toString(ENGINES.incrementAndGet()));
    // Server snapshots need a place that outlives the JVM: only an engine with a data dir takes them, and only its
    // journal can fill a disk.
    MountSettings mountSettings = settings.journal().kind() == JournalSettings.Kind.LEVELDB
        ? settings.mount().withServerSnapshotDir(settings.journal().dataDir().resolve("server-snapshots"))
            .withDiskReserve(DiskReserve.of(settings.journal()))
        : settings.mount();
    this.registry = system.systemActorOf(MountRegistry.create(mountSettings, plugins),
        "jpuffs-mounts-" + System.nanoTime(), Props.empty());
    this.calls = new EngineCalls(system.scheduler(), system.executionContext(), settings.askTimeout());
  }

  /**
   * An engine with its own actor system, configured by {@code config}; {@link #close} terminates the system. With the
   * LevelDB journal it locks its data dir and restores every mount whose session had not ended (RECOVERING, see
   * {@link #restored()}).
   *
   * @throws DataDirInUseException if another engine holds the data dir
   * @throws JournalException if the journal cannot be read
   */
  public static PuffsEngine start(Config config) {
    Objects.requireNonNull(config, "config");
    EngineSettings settings = EngineSettings.fromConfig(config);
    DataDirLock lock = null;
    if (settings.journal().kind() == JournalSettings.Kind.LEVELDB) {
      lock = DataDirLock.acquire(settings.journal().dataDir());
    }
    try {
      JournalGuard.check(settings.journal());
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "jpuffs", DispatcherSizing.apply(config));
      PuffsEngine engine = new PuffsEngine(system, true, settings, lock);
      return engine.restoreOrClose();
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  /**
   * An engine inside {@code system}; {@link #close} leaves the system running. It journals as {@code config} says
   * (plugins configured at run time, so the system needs no persistence settings), and restores like
   * {@link #start}.
   */
  public static PuffsEngine attach(ActorSystem<?> system, Config config) {
    Objects.requireNonNull(system, "system");
    return attach(system, EngineSettings.fromConfig(config.withFallback(system.settings().config())));
  }

  /** Restores the journal's live mounts; a journal that cannot be read closes the engine and says why. */
  private PuffsEngine restoreOrClose() {
    MountRegistry.RestoreOutcome outcome;
    try {
      outcome = calls.<MountRegistry.Command, MountRegistry.RestoreOutcome>ask(registry,
          MountRegistry.RestoreAll::new, settings.mount().journalTimeout().plus(settings.askMargin()))
          .toCompletableFuture().join();
    } catch (RuntimeException e) {
      closeQuietly();
      throw new JournalException("the journal under " + settings.journal().dataDir() + " cannot be read", e);
    }
    if (!outcome.failed().isEmpty()) {
      closeQuietly();
      throw new JournalException("the journal under " + settings.journal().dataDir() + " cannot be read: "
          + outcome.failed());
    }
    for (MountRegistry.Restoration restoration : outcome.restored()) {
      MountState state = restoration.state();
      MountRequest request = new MountRequest(state.name(), state.mountFlags(), state.recordLevel(), 0,
          state.mountedOn());
      restored.put(state.name(), new Mount(request, state.args(), restoration.mount(), restoration.listeners(),
          calls.until(restoration.gone())));
    }
    JournalGuard.markCreated(settings.journal());
    return this;
  }

  private void closeQuietly() {
    try {
      close(Duration.ofSeconds(10));
    } catch (RuntimeException ignored) {
      // The engine is being abandoned because of an earlier error, which is the one to report.
    }
  }

  /**
   * The mounts this engine restored from its journal when it started, by name: RECOVERING until a server attaches
   * ({@link Mount#attach}).
   */
  public Map<String, Mount> restored() {
    return Map.copyOf(restored);
  }

  /** An engine inside {@code system} with {@code settings} as they are (e.g. with a test's cache clock). */
  public static PuffsEngine attach(ActorSystem<?> system, EngineSettings settings) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(settings, "settings");
    DataDirLock lock = null;
    if (settings.journal().kind() == JournalSettings.Kind.LEVELDB) {
      lock = DataDirLock.acquire(settings.journal().dataDir());
    }
    try {
      JournalGuard.check(settings.journal());
      return new PuffsEngine(system, false, settings, lock).restoreOrClose();
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
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
        new MountRegistry.CreateMount(request.name(), request.mountFlags(), request.recordLevel(),
            request.mountedOn(), args, server,
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
    // Let every journal read in flight finish first: Pekko's LevelDB journal closes its database when the actor
    // system stops, and a replay still iterating then crashes leveldbjni (SIGSEGV).
    calls.<MountRegistry.Command, Done>ask(registry, MountRegistry.Quiesce::new, timeout).toCompletableFuture()
        .exceptionally(failure -> Done.getInstance()).join();
    if (ownsSystem) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(failure -> null).join();
    } else {
      // The mounts are the registry's children and stop with it.
      registry.tell(new MountRegistry.Shutdown());
    }
    if (dataDirLock != null) {
      dataDirLock.close();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
