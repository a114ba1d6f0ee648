package org.jpuffs.engine.mount;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.sop.InvalidationListener;
import org.jpuffs.persistence.journal.JournalPlugins;

/**
 * The engine's mounts by name: it spawns a mount actor per mount, refuses a second mount of a name that is mounted
 * (EBUSY), and forgets a mount when its actor stops. One per engine.
 */
public final class MountRegistry extends AbstractBehavior<MountRegistry.Command> {

  /** What the registry understands. */
  public sealed interface Command {}

  /**
   * Mount {@code name} (VFS_MOUNT); the answer is a {@link MountActor.Created}.
   *
   * @param name the mount's name, its identity
   * @param mountFlags the mount flags
   * @param recordLevel how much is journaled
   * @param mountedOn where it is mounted, for statvfs
   * @param args the mount arguments
   * @param server the server's runtime, or null
   * @param listeners told of the server's cache invalidations
   * @param gone completed when the mount actor has stopped, so clients fail fast instead of waiting on a dead actor
   * @param replyTo the outcome
   */
  public record CreateMount(String name, int mountFlags, RecordLevel recordLevel, String mountedOn, MountArgs args,
      ActorRef<ServerRuntime.Command> server, List<InvalidationListener> listeners, CompletableFuture<Void> gone,
      ActorRef<MountActor.Created> replyTo) implements Command {}

  /**
   * The names of the mounts.
   *
   * @param replyTo the names
   */
  public record ListMounts(ActorRef<List<String>> replyTo) implements Command {}

  /**
   * The mount actor of a name.
   *
   * @param name the name
   * @param replyTo the actor, if mounted
   */
  public record Find(String name, ActorRef<Optional<ActorRef<MountActor.Command>>> replyTo) implements Command {}

  /**
   * Restores every mount the journal holds whose session had not ended (the engine starting again). Mounts come back
   * RECOVERING; names already mounted here are left alone.
   *
   * @param replyTo one {@link Restoration} per mount restored, and the names that could not be
   */
  public record RestoreAll(ActorRef<RestoreOutcome> replyTo) implements Command {}

  /**
   * A mount restored from the journal.
   *
   * @param mount the mount actor
   * @param state its state as recovered
   * @param listeners the list its sop actor tells of invalidations (the engine's {@code Mount} adds to it)
   * @param gone completed when the mount actor has stopped
   */
  public record Restoration(ActorRef<MountActor.Command> mount, MountState state,
      List<InvalidationListener> listeners, CompletableFuture<Void> gone) {}

  /**
   * What {@link RestoreAll} found.
   *
   * @param restored the mounts restored
   * @param failed the names whose journal could not be read, with why
   */
  public record RestoreOutcome(List<Restoration> restored, Map<String, String> failed) {}

  /**
   * Answer once every journal read of the registry and its mounts is done (see {@link MountActor.Quiesce}): the
   * LevelDB journal must not be closed under a read in flight.
   *
   * @param replyTo told when done
   */
  public record Quiesce(ActorRef<Done> replyTo) implements Command {}

  /** Stop the registry and with it every mount (an engine attached to a system it does not own closes so). */
  public record Shutdown() implements Command {}

  private record Answered(String name, MountActor.Created created, ActorRef<MountActor.Created> replyTo)
      implements Command {}

  private record NameRecorded(CreateMount create, Throwable failure) implements Command {}

  private record NamesRecalled(MountDirectory.Names names, Throwable failure, ActorRef<RestoreOutcome> replyTo)
      implements Command {}

  private record RestoreAnswered(String name, MountActor.Created created, Restoration restoration,
      RestoreBatch batch) implements Command {}

  /** The restorations still outstanding for one RestoreAll. */
  private static final class RestoreBatch {
    final ActorRef<RestoreOutcome> replyTo;
    final List<Restoration> restored = new ArrayList<>();
    final Map<String, String> failed = new java.util.TreeMap<>();
    int outstanding;

    RestoreBatch(ActorRef<RestoreOutcome> replyTo, int outstanding) {
      this.replyTo = replyTo;
      this.outstanding = outstanding;
    }
  }

  private record MountStopped(String name, ActorRef<MountActor.Command> mount, CompletableFuture<Void> gone)
      implements Command {}

  private final MountSettings settings;
  private final JournalPlugins plugins;
  private final ActorRef<MountDirectory.Command> directory;
  private final Map<String, ActorRef<MountActor.Command>> mounts = new HashMap<>();
  /** Completed when the mount actor has stopped, so that no one waits on an actor that is gone. */
  private final Map<ActorRef<MountActor.Command>, CompletableFuture<Void>> stopped = new HashMap<>();
  private long spawned;

  /** A registry whose mounts use {@code settings} and journal with {@code plugins}. */
  public static Behavior<Command> create(MountSettings settings, JournalPlugins plugins) {
    return Behaviors.setup(ctx -> new MountRegistry(ctx, settings, plugins));
  }

  private MountRegistry(ActorContext<Command> ctx, MountSettings settings, JournalPlugins plugins) {
    super(ctx);
    this.settings = settings;
    this.plugins = plugins;
    this.directory = ctx.spawn(MountDirectory.create(plugins), "directory");
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CreateMount.class, this::onCreate)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(MountStopped.class, this::onStopped)
        .onMessage(NameRecorded.class, this::onNameRecorded)
        .onMessage(RestoreAll.class, this::onRestoreAll)
        .onMessage(NamesRecalled.class, this::onNamesRecalled)
        .onMessage(RestoreAnswered.class, this::onRestoreAnswered)
        .onMessage(ListMounts.class, this::onList)
        .onMessage(Find.class, this::onFind)
        .onMessage(Quiesce.class, this::onQuiesce)
        .onMessage(Shutdown.class, msg -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onCreate(CreateMount msg) {
    if (msg.name() == null || msg.name().isEmpty()) {
      msg.replyTo().tell(new MountActor.Refused(Errno.EINVAL, "a mount needs a name"));
      return this;
    }
    if (mounts.containsKey(msg.name())) {
      msg.replyTo().tell(new MountActor.Refused(Errno.EBUSY, msg.name() + " is already mounted"));
      return this;
    }
    // The name is taken at once, so that a second mount of it during the first's setup is refused too; the
    // directory has it before the mount's session begins, so a restarted engine finds every session.
    mounts.put(msg.name(), getContext().getSystem().ignoreRef());
    Asks.ask(getContext(), MountDirectory.Names.class, directory, settings.journalTimeout(),
        replyTo -> new MountDirectory.Add(msg.name(), replyTo), (names, failure) -> new NameRecorded(msg, failure));
    return this;
  }

  private Behavior<Command> onNameRecorded(NameRecorded recorded) {
    CreateMount msg = recorded.create();
    if (recorded.failure() != null) {
      mounts.remove(msg.name());
      msg.replyTo().tell(new MountActor.Refused(Errno.EIO, "the journal failed: " + recorded.failure()));
      return this;
    }
    ActorRef<MountActor.Created> answer = getContext().messageAdapter(MountActor.Created.class,
        created -> new Answered(msg.name(), created, msg.replyTo()));
    ActorRef<MountActor.Command> mount = getContext().spawn(MountActor.create(msg.name(), msg.mountFlags(),
        msg.recordLevel(), msg.mountedOn(), msg.args(), msg.server(), settings, plugins, msg.listeners(), msg.gone(),
        answer), actorName(msg.name()));
    mounts.put(msg.name(), mount);
    watch(msg.name(), mount, msg.gone());
    return this;
  }

  private void watch(String name, ActorRef<MountActor.Command> mount, CompletableFuture<Void> gone) {
    stopped.put(mount, gone);
    getContext().watchWith(mount, new MountStopped(name, mount, gone));
  }

  /** Actor names must be unique even while an unmounted mount of the same name is still stopping. */
  private String actorName(String name) {
    return "mount-" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "-" + (++spawned);
  }

  private Behavior<Command> onRestoreAll(RestoreAll msg) {
    Asks.ask(getContext(), MountDirectory.Names.class, directory, settings.journalTimeout(), MountDirectory.Get::new,
        (names, failure) -> new NamesRecalled(names, failure, msg.replyTo()));
    return this;
  }

  private Behavior<Command> onNamesRecalled(NamesRecalled msg) {
    if (msg.failure() != null) {
      msg.replyTo().tell(new RestoreOutcome(List.of(), Map.of("*", "the journal cannot be read: " + msg.failure())));
      return this;
    }
    List<String> names = msg.names().names().stream().filter(name -> !mounts.containsKey(name)).toList();
    RestoreBatch batch = new RestoreBatch(msg.replyTo(), names.size());
    if (names.isEmpty()) {
      msg.replyTo().tell(new RestoreOutcome(List.of(), Map.of()));
    }
    for (String name : names) {
      List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> gone = new CompletableFuture<>();
      ActorRef<MountActor.Created> answer = getContext().messageAdapter(MountActor.Created.class,
          created -> new RestoreAnswered(name, created, created instanceof MountActor.Restored restored
              ? new Restoration(restored.mount(), restored.state(), listeners, gone) : null, batch));
      ActorRef<MountActor.Command> mount = getContext().spawn(MountActor.restore(name, settings, plugins, listeners,
          gone, answer), actorName(name));
      mounts.put(name, mount);
      watch(name, mount, gone);
    }
    return this;
  }

  private Behavior<Command> onRestoreAnswered(RestoreAnswered msg) {
    RestoreBatch batch = msg.batch();
    if (msg.restoration() != null) {
      batch.restored.add(msg.restoration());
    } else {
      // Nothing to restore: the name is free at once, not only when the actor's stop is noticed.
      mounts.remove(msg.name());
    }
    if (msg.created() instanceof MountActor.Refused refused && !refused.errno().equals(Errno.ENOENT)) {
      batch.failed.put(msg.name(), refused.reason());
    }
    if (--batch.outstanding == 0) {
      batch.replyTo.tell(new RestoreOutcome(List.copyOf(batch.restored), Map.copyOf(batch.failed)));
    }
    return this;
  }

  private Behavior<Command> onAnswered(Answered msg) {
    if (msg.created() instanceof MountActor.Refused) {
      mounts.remove(msg.name());
    }
    msg.replyTo().tell(msg.created());
    return this;
  }

  private Behavior<Command> onStopped(MountStopped msg) {
    mounts.remove(msg.name(), msg.mount());
    stopped.remove(msg.mount());
    msg.gone().complete(null);
    return this;
  }

  private Behavior<Command> onList(ListMounts msg) {
    msg.replyTo().tell(List.copyOf(new ArrayList<>(mounts.keySet())));
    return this;
  }

  private Behavior<Command> onQuiesce(Quiesce msg) {
    List<CompletableFuture<?>> idle = new ArrayList<>();
    idle.add(Asks.<MountDirectory.Command, MountDirectory.Names>ask(directory, MountDirectory.Get::new,
        settings.journalTimeout(), getContext().getSystem().scheduler()));
    for (ActorRef<MountActor.Command> mount : mounts.values()) {
      if (mount.equals(getContext().getSystem().ignoreRef())) {
        continue; // a mount whose name is being journaled: it has no journal reads yet
      }
      // A mount syncs first (a request's worth of time), lets a server snapshot under way finish, then waits for its
      // journal. One that was unmounted may be stopping: its stop answers for it.
      CompletableFuture<Done> quiet = Asks.<MountActor.Command, Done>ask(mount, MountActor.Quiesce::new,
          settings.requestTimeout().plus(settings.journalTimeout()).plus(settings.serverSnapshots().timeout())
              .plus(settings.journalTimeout()),
          getContext().getSystem().scheduler());
      CompletableFuture<Void> gone = stopped.getOrDefault(mount, new CompletableFuture<>());
      idle.add(CompletableFuture.anyOf(quiet, gone));
    }
    CompletableFuture.allOf(idle.toArray(CompletableFuture[]::new))
        .whenComplete((done, failure) -> msg.replyTo().tell(Done.getInstance()));
    return this;
  }

  private Behavior<Command> onFind(Find msg) {
    msg.replyTo().tell(Optional.ofNullable(mounts.get(msg.name()))
        .filter(mount -> !mount.equals(getContext().getSystem().ignoreRef())));
    return this;
  }
}
