package org.jpuffs.engine.mount;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FhFlags;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.msgif.CheckedReply;
import org.jpuffs.engine.msgif.ParkWatch;
import org.jpuffs.engine.msgif.PendingRequests;
import org.jpuffs.engine.msgif.ReplyCheck;
import org.jpuffs.engine.msgif.ServerLink;
import org.jpuffs.engine.node.MountNotice;
import org.jpuffs.engine.node.NodeActor;
import org.jpuffs.engine.node.NodeContext;
import org.jpuffs.engine.node.NodeHandle;
import org.jpuffs.engine.node.VnodeResult;
import org.jpuffs.engine.node.cache.MountCaches;
import org.jpuffs.engine.node.cache.NodeCache;
import org.jpuffs.engine.node.cache.NodeReferences;
import org.jpuffs.engine.recovery.LinkActor;
import org.jpuffs.engine.recovery.ServerFactory;
import org.jpuffs.engine.recovery.LinkStatus;
import org.jpuffs.persistence.oplog.OpLog;
import org.jpuffs.persistence.oplog.SessionEnded;
import org.jpuffs.persistence.oplog.SessionStarted;
import org.jpuffs.persistence.oplog.StateSummary;
import org.jpuffs.engine.replay.StateSummaries;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.engine.sop.InvalidationListener;
import org.jpuffs.engine.sop.SopActor;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mount ({@code struct puffs_mount} and {@code puffs_vfsops.c}): it checks the mount arguments, owns the status
 * machine, the cookie → node table with its reference counts, and answers the VFS ops — statvfs, sync, file handles,
 * extattrctl, unmount — talking to the server where puffs does.
 *
 * <p>State changes are {@link MountEvent}s applied by {@link MountState#apply}, a pure function, and journaled by the
 * mount's {@link MountLedger} (persistence id {@code mount|NAME}) before the client hears of them; everything else
 * here (the table, requests in flight, the server link) is rebuilt at run time.
 */
public final class MountActor extends AbstractBehavior<MountActor.Command> {

  /** For what happens off the actor's thread (the final-state capture at unmount). */
  private static final Logger LOG = LoggerFactory.getLogger(MountActor.class);

  /** What a mount actor understands: the public {@link MountCommand}s and its own messages. */
  public sealed interface Command permits MountCommand, MountActor.Quiesce, MountActor.ServerAskedUnmount, MountActor.FromNode,
      MountActor.ServerReplied, MountActor.TimedOut, MountActor.ServerTerminated, MountActor.NodesFlushed,
      MountActor.Drained, MountActor.LedgerAnswered, MountActor.Recorded, MountActor.DeadlinePassed,
      MountActor.Described, MountActor.CaughtUp, MountActor.InfoReady, MountActor.SessionClosed,
      MountActor.RestartServer, MountActor.RestartAttached {}

  /**
   * Answer once the mount's journal reads (ledger and op log recovery) are done, so the engine can close the journal.
   *
   * @param replyTo told when done
   */
  public record Quiesce(ActorRef<Done> replyTo) implements Command {}

  /** The server asked to be unmounted (from the sop actor); the mount unmounts with force. */
  public record ServerAskedUnmount() implements Command {}

  record FromNode(MountNotice notice) implements Command {}

  record ServerReplied(PuffsReply reply) implements Command {}

  record TimedOut(long id) implements Command {}

  record ServerTerminated(ActorRef<ServerRuntime.Command> server) implements Command {}

  record DeadlinePassed(long epoch) implements Command {}

  record Described(MountCommand.Attach attach, MountSpec spec, Throwable failure) implements Command {}

  record CaughtUp(MountCommand.Attach attach, long epoch, Errno errno) implements Command {}

  record InfoReady(MountState state, LinkStatus link, ActorRef<MountInfo> replyTo) implements Command {}

  /** Time to ask the server factory for a new server. */
  record RestartServer() implements Command {}

  /** How attaching the server the factory made ended. */
  record RestartAttached(ActorRef<ServerRuntime.Command> server, Errno errno) implements Command {}

  record NodesFlushed(int waitfor, Cred cred, Errno errno, ActorRef<Errno> replyTo) implements Command {}

  record Drained(ActorRef<Errno> replyTo) implements Command {}

  /** The ledger answered while the mount was being set up (or failed to, {@code failure}). */
  record LedgerAnswered(MountLedger.Answer answer, Throwable failure) implements Command {}

  /**
   * The session's end mark (with the final state at record level full) is in the op log, or failed to get there
   * ({@code failure}); the unmount goes on.
   */
  record SessionClosed(int flags, ActorRef<Errno> replyTo, Throwable failure) implements Command {}

  /** Lifecycle events are durable (or failed to be, {@code failure}); {@code then} continues. */
  record Recorded(Consumer<Throwable> then, Throwable failure) implements Command {}

  /** What creating a mount actor produced. */
  public sealed interface Created {}

  /**
   * The arguments passed: the mount is MOUNTING.
   *
   * @param mount the mount actor
   * @param args the sanitized arguments
   */
  public record Mounted(ActorRef<Command> mount, MountArgs args) implements Created {}

  /**
   * A mount whose session had not ended when the engine stopped, restored from its journal: RECOVERING until a
   * server attaches.
   *
   * @param mount the mount actor
   * @param state the state recovered
   */
  public record Restored(ActorRef<Command> mount, MountState state) implements Created {}

  /**
   * The arguments failed; the actor has stopped.
   *
   * @param errno what puffs_vfsop_mount returns
   * @param reason what was wrong
   */
  public record Refused(Errno errno, String reason) implements Created {}

  /** Who waits for a VFS request to the server, and how to answer them. */
  private sealed interface Caller {}

  private record StatvfsCaller(ActorRef<MountCommand.StatvfsAnswer> replyTo) implements Caller {}

  private record ErrnoCaller(ActorRef<Errno> replyTo) implements Caller {}

  private record FhToVnodeCaller(ActorRef<VnodeResult> replyTo) implements Caller {}

  private record VnodeToFhCaller(int size, ActorRef<MountCommand.FhAnswer> replyTo) implements Caller {}

  private record ExtattrctlCaller(Cookie held, ActorRef<Errno> replyTo) implements Caller {}

  private record UnmountCaller(int flags, ActorRef<Errno> replyTo) implements Caller {}

  private final ActorRef<MountLedger.Command> ledger;
  private ActorRef<ServerRuntime.Command> server;
  private final MountSettings settings;
  private final ServerLink link;
  private final ActorRef<LinkActor.Command> linkActor;
  private final ActorRef<OpLog.Command> opLog;
  private final TimerScheduler<Command> timers;
  private final CookieTable table;
  private final NodeContext nodeContext;
  private final PendingRequests<Caller, Command> pending;
  private final ActorRef<PuffsReply> replies;
  private final List<InvalidationListener> listeners;
  private ActorRef<SopActor.Command> sop;
  private final LinkedHashSet<Cookie> idle = new LinkedHashSet<>();
  private final CompletableFuture<Void> gone;
  private volatile MountState state;
  private long incarnations;
  private boolean unmounting;
  /** The root cookie of the attached server (after a recovery by replay, not the engine's). */
  private Cookie serverRoot;
  private boolean closingSession;
  private ServerFactory factory;
  /** Servers asked of the factory in this recovery. */
  private int restartAttempts;
  private boolean restartInFlight;
  private long restarted;
  /** Sop actors started so far: each gets a fresh name, since a stopped one keeps its name until it has stopped. */
  private long sops;

  /**
   * A mount named {@code name} of {@code server} with {@code args}; {@code replyTo} hears whether it was mounted,
   * once the new session is journaled.
   *
   * @param mountedOn where it is mounted, for statvfs
   * @param server the server's runtime, or null when there is none (which is ENOENT, as a failed putter_attach)
   * @param plugins the journal the mount's ledger writes to
   * @param listeners told of the server's cache invalidations
   * @param gone completed just before the unmount is answered, so clients fail fast with ENXIO from then on
   */
  public static Behavior<Command> create(String name, int mountFlags, RecordLevel recordLevel, String mountedOn,
      MountArgs args, ActorRef<ServerRuntime.Command> server, MountSettings settings, JournalPlugins plugins,
      List<InvalidationListener> listeners, CompletableFuture<Void> gone, ActorRef<Created> replyTo) {
    return Behaviors.setup(ctx -> {
      MountArgsCheck.Result checked = MountArgsCheck.check(args, mountFlags, mountedOn, server != null);
      if (checked instanceof MountArgsCheck.Rejected rejected) {
        ctx.getLog().info("mount {} refused: {} ({})", name, rejected.errno(), rejected.reason());
        replyTo.tell(new Refused(rejected.errno(), rejected.reason()));
        return Behaviors.stopped();
      }
      MountArgsCheck.Accepted accepted = (MountArgsCheck.Accepted) checked;
      ActorRef<MountLedger.Command> ledger = ctx.spawn(MountLedger.create(name, plugins), "ledger");
      askLedger(ctx, ledger, settings, answerTo -> new MountLedger.Begin(mountFlags, recordLevel, mountedOn,
          accepted.args(), accepted.initialStatvfs(), server.path().toString(), answerTo));
      return awaitLedger(settings, (timers, answered) -> {
        if (answered.failure() != null || answered.answer().refused() != null) {
          boolean failed = answered.failure() != null;
          String reason = failed ? "the journal failed: " + answered.failure() : answered.answer().refused();
          ctx.getLog().warn("mount {} refused: {}", name, reason);
          replyTo.tell(new Refused(failed ? Errno.EIO : Errno.EBUSY, reason));
          return Behaviors.stopped();
        }
        MountActor mount = new MountActor(ctx, timers, answered.answer().ledger().current(), ledger, server,
            settings, plugins, listeners, gone);
        mount.markSessionStart();
        replyTo.tell(new Mounted(ctx.getSelf(), accepted.args()));
        return mount;
      });
    });
  }

  /**
   * The mount {@code name} as its journal left it: if its session had not ended, {@code replyTo} gets
   * {@link Restored} and the mount waits RECOVERING for a server; otherwise {@link Refused} (ENOENT) and the actor
   * stops. A session that never started, or was being unmounted, is closed in the journal (nothing to recover).
   */
  public static Behavior<Command> restore(String name, MountSettings settings, JournalPlugins plugins,
      List<InvalidationListener> listeners, CompletableFuture<Void> gone, ActorRef<Created> replyTo) {
    return Behaviors.setup(ctx -> {
      ActorRef<MountLedger.Command> ledger = ctx.spawn(MountLedger.create(name, plugins), "ledger");
      askLedger(ctx, ledger, settings, MountLedger.Recall::new);
      return awaitLedger(settings, (timers, answered) -> {
        if (answered.failure() != null) {
          replyTo.tell(new Refused(Errno.EIO, "the journal of " + name + " cannot be read: " + answered.failure()));
          return Behaviors.stopped();
        }
        MountLedger.Ledger found = answered.answer().ledger();
        if (!found.live()) {
          replyTo.tell(new Refused(Errno.ENOENT, name + " has no session to restore"));
          return Behaviors.stopped();
        }
        MountStatus status = found.current().status();
        if (status == MountStatus.MOUNTING || status == MountStatus.DYING) {
          askLedger(ctx, ledger, settings, answerTo -> new MountLedger.Append(
              List.of(new MountEvent.Unmounted()), answerTo));
          return awaitLedger(settings, (again, closed) -> {
            replyTo.tell(new Refused(Errno.ENOENT, name + " was " + status + "; its session is closed"));
            return Behaviors.stopped();
          });
        }
        if (status == MountStatus.RUNNING) {
          askLedger(ctx, ledger, settings, answerTo -> new MountLedger.Append(
              List.of(new MountEvent.ServerLost("the engine stopped")), answerTo));
          return awaitLedger(settings, (again, lost) -> restored(ctx, again, lost, ledger, settings, plugins,
              listeners, gone, replyTo));
        }
        return restored(ctx, timers, answered, ledger, settings, plugins, listeners, gone, replyTo);
      });
    });
  }

  private static Behavior<Command> restored(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      LedgerAnswered answered, ActorRef<MountLedger.Command> ledger, MountSettings settings, JournalPlugins plugins,
      List<InvalidationListener> listeners, CompletableFuture<Void> gone, ActorRef<Created> replyTo) {
    if (answered.failure() != null) {
      replyTo.tell(new Refused(Errno.EIO, "the journal failed: " + answered.failure()));
      return Behaviors.stopped();
    }
    MountState state = answered.answer().ledger().current();
    ctx.getLog().info("{}: restored session {} from the journal, {} (epoch {}); waiting for a server",
        state.name(), state.session(), state.status(), state.epoch());
    MountActor mount = new MountActor(ctx, timers, state, ledger, null, settings, plugins, listeners, gone);
    replyTo.tell(new Restored(ctx.getSelf(), state));
    return mount;
  }

  private static void askLedger(ActorContext<Command> ctx, ActorRef<MountLedger.Command> ledger,
      MountSettings settings, Function<ActorRef<MountLedger.Answer>, MountLedger.Command> command) {
    Asks.ask(ctx, MountLedger.Answer.class, ledger, settings.journalTimeout(), command::apply, LedgerAnswered::new);
  }

  /** Waits for the ledger's answer, keeping every other message for the behavior {@code next} makes of it. */
  private static Behavior<Command> awaitLedger(MountSettings settings,
      BiFunction<TimerScheduler<Command>, LedgerAnswered, Behavior<Command>> next) {
    return Behaviors.withTimers(timers -> Behaviors.withStash(STASH_WHILE_STARTING, stash ->
        Behaviors.receive(Command.class)
            .onMessage(LedgerAnswered.class, answered -> stash.unstashAll(next.apply(timers, answered)))
            .onAnyMessage(other -> {
              stash.stash(other);
              return Behaviors.same();
            })
            .build()));
  }

  /** How many messages a mount keeps while its ledger answers; only the registry and early clients send any. */
  private static final int STASH_WHILE_STARTING = 1024;

  private MountActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, MountState state,
      ActorRef<MountLedger.Command> ledger, ActorRef<ServerRuntime.Command> server, MountSettings settings,
      JournalPlugins plugins, List<InvalidationListener> listeners, CompletableFuture<Void> gone) {
    super(ctx);
    this.gone = gone;
    this.state = state;
    this.ledger = ledger;
    this.settings = settings;
    this.listeners = listeners;
    // At mutations the op-log events a saved window covers go; at full they stay (DESIGN.md).
    this.opLog = ctx.spawn(OpLog.create(state.name(), plugins, settings.serverSnapshots().keep(),
        state.recordLevel() == RecordLevel.MUTATIONS), "oplog");
    ParkWatch parkWatch = new ParkWatch();
    this.linkActor = ctx.spawn(LinkActor.create(state.name(), state.session(), state.recordLevel(),
        state.args().rootCookie(), settings.maxParked(), settings.journalTimeout(), opLog, server,
        settings.serverSnapshots(), parkWatch, settings.diskReserve()), "link");
    this.link = new ServerLink(linkActor, parkWatch);
    this.table = new CookieTable(state.args().rootCookie());
    this.replies = ctx.messageAdapter(PuffsReply.class, ServerReplied::new);
    this.timers = timers;
    this.pending = new PendingRequests<>(timers, settings.requestTimeout(), TimedOut::new, parkWatch,
        ctx.getSelf());
    this.nodeContext = new NodeContext(state.name(), link, state.args(), settings.requestTimeout(),
        ctx.messageAdapter(MountNotice.class, FromNode::new), table,
        this::running, MountCaches.of(settings.caches(), state.args()));
    if (server != null) {
      this.serverRoot = state.args().rootCookie();
      connect(server);
    } else {
      startDeadline();
    }
  }

  /**
   * Journals the new session's start mark in the op log: when, at which record level, on which root. The op log
   * takes it before any record of the session, since no request reaches the link before the mount is answered.
   */
  private void markSessionStart() {
    opLog.tell(new OpLog.Mark(SessionStarted.of(state.session(), Instant.now(),
        state.recordLevel().name().toLowerCase(Locale.ROOT), state.args().rootCookie()),
        getContext().getSystem().ignoreRef()));
  }

  /** Watches {@code server} and starts a sop actor for it. */
  private void connect(ActorRef<ServerRuntime.Command> server) {
    this.server = server;
    getContext().watchWith(server, new ServerTerminated(server));
    // puffs starts the sop thread at mount time, so the server may flush while the mount is still starting.
    ActorRef<Command> self = getContext().getSelf();
    this.sop = getContext().spawn(SopActor.create(state.name(), server, this::liveNode,
        () -> self.tell(new ServerAskedUnmount()), nodeContext.caches()::purgeAllNames, listeners,
        settings.requestTimeout()), "sop-" + (++sops));
  }

  private Optional<NodeHandle> liveNode(Cookie cookie) {
    CookieTable.Entry entry = table.get(cookie);
    return entry == null ? Optional.empty() : Optional.of(entry.handle);
  }

  /**
   * Applies {@code events} now (so the mount acts on them at once) and journals them; {@code then} runs once they
   * are durable, with the failure if the journal could not take them.
   */
  private void record(List<MountEvent> events, Consumer<Throwable> then) {
    for (MountEvent event : events) {
      state = state.apply(event);
    }
    Asks.ask(getContext(), MountLedger.Answer.class, ledger, settings.journalTimeout(),
        answerTo -> new MountLedger.Append(events, answerTo), (answer, failure) -> new Recorded(then, failure));
  }

  private Behavior<Command> onRecorded(Recorded msg) {
    if (msg.failure() != null) {
      getContext().getLog().error("{}: the journal did not take a lifecycle event", state.name(), msg.failure());
    }
    msg.then().accept(msg.failure());
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MountCommand.Start.class, this::onStart)
        .onMessage(MountCommand.GetArgs.class, this::onGetArgs)
        .onMessage(MountCommand.GetStatus.class, this::onGetStatus)
        .onMessage(MountCommand.Root.class, this::onRoot)
        .onMessage(MountCommand.GetStatvfs.class, this::onStatvfs)
        .onMessage(MountCommand.Sync.class, this::onSync)
        .onMessage(NodesFlushed.class, this::onNodesFlushed)
        .onMessage(MountCommand.FhToVnode.class, this::onFhToVnode)
        .onMessage(MountCommand.VnodeToFh.class, this::onVnodeToFh)
        .onMessage(MountCommand.Extattrctl.class, this::onExtattrctl)
        .onMessage(MountCommand.Snapshot.class, this::onSnapshot)
        .onMessage(MountCommand.Release.class, this::onRelease)
        .onMessage(MountCommand.FlushBeforeUnlink.class, this::onFlushBeforeUnlink)
        .onMessage(MountCommand.Unmount.class, this::onUnmount)
        .onMessage(ServerAskedUnmount.class, this::onServerAskedUnmount)
        .onMessage(FromNode.class, this::onFromNode)
        .onMessage(ServerReplied.class, this::onServerReplied)
        .onMessage(TimedOut.class, this::onTimedOut)
        .onMessage(ServerTerminated.class, this::onServerTerminated)
        .onMessage(MountCommand.Attach.class, this::onAttach)
        .onMessage(MountCommand.SetServerFactory.class, this::onSetServerFactory)
        .onMessage(RestartServer.class, this::onRestartServer)
        .onMessage(RestartAttached.class, this::onRestartAttached)
        .onMessage(Described.class, this::onDescribed)
        .onMessage(CaughtUp.class, this::onCaughtUp)
        .onMessage(DeadlinePassed.class, this::onDeadlinePassed)
        .onMessage(MountCommand.GetInfo.class, this::onGetInfo)
        .onMessage(Quiesce.class, this::onQuiesce)
        .onMessage(InfoReady.class, this::onInfoReady)
        .onMessage(Drained.class, this::onDrained)
        .onMessage(Recorded.class, this::onRecorded)
        .onMessage(SessionClosed.class, this::onSessionClosed)
        .build();
  }

  /** RUNNING, or RECOVERING: requests are taken (the link parks them until a server is back). */
  private boolean running() {
    return state.status() == MountStatus.RUNNING || state.status() == MountStatus.RECOVERING;
  }

  // ---- start, args, status, root ----

  private Behavior<Command> onStart(MountCommand.Start msg) {
    if (state.status() != MountStatus.MOUNTING) {
      msg.replyTo().tell(state.status() == MountStatus.RUNNING ? Errno.EBUSY : Errno.ENXIO);
      return this;
    }
    record(List.of(new MountEvent.Started()),
        failure -> msg.replyTo().tell(failure == null ? Errno.OK : Errno.EIO));
    return this;
  }

  private Behavior<Command> onGetArgs(MountCommand.GetArgs msg) {
    msg.replyTo().tell(state.args());
    return this;
  }

  private Behavior<Command> onGetStatus(MountCommand.GetStatus msg) {
    msg.replyTo().tell(state.status());
    return this;
  }

  /** VFS_ROOT never asks the server: the root is made from the cookie and type of the mount arguments. */
  private Behavior<Command> onRoot(MountCommand.Root msg) {
    if (state.status() == MountStatus.DYING || state.status() == MountStatus.UNMOUNTED) {
      msg.replyTo().tell(new VnodeResult.Failed(Errno.ENXIO));
      return this;
    }
    MountArgs args = state.args();
    CookieTable.Entry root = table.get(args.rootCookie());
    if (root == null) {
      root = spawnNode(args.rootCookie(), args.rootVtype(), args.rootVsize());
    }
    root.addReference();
    msg.replyTo().tell(new VnodeResult.Found(root.handle,
        OpReply.NewNode.of(args.rootCookie(), args.rootVtype(), args.rootVsize(), args.rootRdev())));
    return this;
  }

  // ---- statvfs ----

  private Behavior<Command> onStatvfs(MountCommand.GetStatvfs msg) {
    if (state.status() == MountStatus.MOUNTING) {
      // The server is still inside mount and would deadlock answering statvfs (puffs_vfsop_statvfs).
      msg.replyTo().tell(new MountCommand.StatvfsAnswer(state.statvfs(), Errno.EINPROGRESS));
      return this;
    }
    if (!running()) {
      msg.replyTo().tell(new MountCommand.StatvfsAnswer(state.statvfs(), Errno.ENXIO));
      return this;
    }
    send(Cookie.NONE, msg.cred(), new VfsOp.Statvfs(), new StatvfsCaller(msg.replyTo()));
    return this;
  }

  /** The server's numbers with the mount's own names and {@code f_iosize} = DEV_BSIZE ({@code copy_statvfs_info}). */
  private Statvfs fromServer(Statvfs answer) {
    Statvfs own = state.statvfs();
    return answer.toBuilder().iosize(PuffsConstants.DEV_BSIZE).fstypename(own.fstypename())
        .mntonname(own.mntonname()).mntfromname(own.mntfromname()).namemax(answer.namemax()).build();
  }

  // ---- sync ----

  /** VFS_SYNC: first push every regular node's dirty data ({@code pageflush}), then ask the server. */
  private Behavior<Command> onSync(MountCommand.Sync msg) {
    if (!running()) {
      msg.replyTo().tell(Errno.ENXIO);
      return this;
    }
    List<CompletableFuture<Errno>> flushes = new ArrayList<>();
    for (CookieTable.Entry entry : table.all()) {
      if (entry.vtype() == VType.VREG) {
        CompletableFuture<Errno> flushed = Asks.ask(entry.actor(),
            (ActorRef<Errno> replyTo) -> new NodeActor.Flush(msg.waitfor(), msg.cred(), replyTo),
            settings.requestTimeout(), getContext().getSystem().scheduler());
        flushes.add(flushed.exceptionally(failure -> Errno.EIO));
      }
    }
    CompletableFuture<Errno> first = CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new))
        .thenApply(done -> flushes.stream().map(CompletableFuture::join).filter(e -> !e.isOk()).findFirst()
            .orElse(Errno.OK));
    getContext().pipeToSelf(first, (errno, failure) ->
        new NodesFlushed(msg.waitfor(), msg.cred(), failure == null ? errno : Errno.EIO, msg.replyTo()));
    return this;
  }

  private Behavior<Command> onNodesFlushed(NodesFlushed msg) {
    if (!running()) {
      msg.replyTo().tell(Errno.ENXIO);
      return this;
    }
    // Both errors are reported: the flush's first, or else the server's.
    ActorRef<Errno> replyTo = msg.errno().isOk() ? msg.replyTo() : getContext().getSystem().ignoreRef();
    if (!msg.errno().isOk()) {
      msg.replyTo().tell(msg.errno());
    }
    send(Cookie.NONE, msg.cred(), new VfsOp.Sync(msg.waitfor()), new ErrnoCaller(replyTo));
    return this;
  }

  // ---- file handles ----

  private Behavior<Command> onFhToVnode(MountCommand.FhToVnode msg) {
    MountArgs args = state.args();
    if (!running()) {
      msg.replyTo().tell(new VnodeResult.Failed(Errno.ENXIO));
      return this;
    }
    if (args.fhsize() == 0) {
      msg.replyTo().tell(new VnodeResult.Failed(Errno.EOPNOTSUPP));
      return this;
    }
    int length = msg.handle().size();
    if ((args.fhflags() & FhFlags.PASSTHROUGH) == 0) {
      boolean dynamic = (args.fhflags() & FhFlags.DYNAMIC) != 0;
      if (dynamic ? length > args.fhsize() : length != args.fhsize()) {
        msg.replyTo().tell(new VnodeResult.Failed(Errno.EINVAL));
        return this;
      }
    }
    send(Cookie.NONE, msg.cred(), new VfsOp.FhToVp(msg.handle()), new FhToVnodeCaller(msg.replyTo()));
    return this;
  }

  private Behavior<Command> onVnodeToFh(MountCommand.VnodeToFh msg) {
    MountArgs args = state.args();
    if (!running()) {
      msg.replyTo().tell(new MountCommand.FhAnswer(null, 0, Errno.ENXIO));
      return this;
    }
    if (args.fhsize() == 0) {
      msg.replyTo().tell(new MountCommand.FhAnswer(null, 0, Errno.EOPNOTSUPP));
      return this;
    }
    boolean passthrough = (args.fhflags() & FhFlags.PASSTHROUGH) != 0;
    boolean dynamic = (args.fhflags() & FhFlags.DYNAMIC) != 0;
    if (!dynamic && !passthrough && PuffsConstants.fromFhSize(msg.size()) < args.fhsize()) {
      // Static handles have a known size, so a small buffer is refused without asking (puffs_vfsop_vptofh).
      msg.replyTo().tell(new MountCommand.FhAnswer(null, PuffsConstants.toFhSize(args.fhsize()), Errno.E2BIG));
      return this;
    }
    if (table.get(msg.node()) == null) {
      msg.replyTo().tell(new MountCommand.FhAnswer(null, 0, Errno.ESTALE));
      return this;
    }
    // The server gets room for its largest handle, so its answer tells the size even when the caller's buffer is
    // too small; the caller's size is checked afterwards, as the seed does.
    int room = passthrough ? msg.size() : Math.max(PuffsConstants.fromFhSize(msg.size()), args.fhsize());
    send(msg.node(), msg.cred(), new VfsOp.VpToFh(room), new VnodeToFhCaller(msg.size(), msg.replyTo()));
    return this;
  }

  private void answerVnodeToFh(PuffsRequest request, CheckedReply checked, VnodeToFhCaller caller) {
    MountArgs args = state.args();
    boolean passthrough = (args.fhflags() & FhFlags.PASSTHROUGH) != 0;
    boolean dynamic = (args.fhflags() & FhFlags.DYNAMIC) != 0;
    if (checked instanceof CheckedReply.Failed failed) {
      int needed = failed.errno().equals(Errno.E2BIG) ? PuffsConstants.toFhSize(args.fhsize()) : 0;
      caller.replyTo().tell(new MountCommand.FhAnswer(null, needed, failed.errno()));
      return;
    }
    byte[] data = ((CheckedReply.Ok) checked).body(OpReply.Handle.class).handle().data().toByteArray();
    int length = passthrough ? data.length
        : PuffsConstants.toFhSize(dynamic ? data.length : args.fhsize());
    if (length > PuffsConstants.FHANDLE_SIZE_MAX || (!dynamic && !passthrough && data.length > args.fhsize())) {
      link.report(request.cookie(), new ErrorReport(PuffsErr.VPTOFH, Errno.E2BIG, "file handle too big"));
      caller.replyTo().tell(new MountCommand.FhAnswer(null, 0, Errno.EPROTO));
      return;
    }
    if (caller.size() < length) {
      caller.replyTo().tell(new MountCommand.FhAnswer(null, length, Errno.E2BIG));
      return;
    }
    byte[] handle = dynamic || passthrough ? data : java.util.Arrays.copyOf(data, args.fhsize());
    caller.replyTo().tell(new MountCommand.FhAnswer(
        org.jpuffs.api.protocol.FileHandle.of(handle), length, Errno.OK));
  }

  // ---- extattrctl, snapshot ----

  private Behavior<Command> onExtattrctl(MountCommand.Extattrctl msg) {
    if (!running()) {
      msg.replyTo().tell(Errno.ENXIO);
      return this;
    }
    int flags = 0;
    if (!msg.node().isNone()) {
      CookieTable.Entry entry = table.get(msg.node());
      if (entry == null) {
        msg.replyTo().tell(Errno.ESTALE);
        return this;
      }
      // The node is held while the server works on it, so it cannot be reclaimed under the request.
      entry.addReference();
      flags |= VfsOp.Extattrctl.HASNODE;
    }
    String name = msg.attrName() == null ? "" : msg.attrName();
    if (msg.attrName() != null) {
      flags |= VfsOp.Extattrctl.HASATTRNAME;
    }
    send(msg.node(), msg.cred(), new VfsOp.Extattrctl(msg.cmd(), msg.attrNamespace(), flags, name),
        new ExtattrctlCaller(msg.node(), msg.replyTo()));
    return this;
  }

  private Behavior<Command> onSnapshot(MountCommand.Snapshot msg) {
    msg.replyTo().tell(Errno.EOPNOTSUPP);
    return this;
  }

  // ---- references and node lifecycle ----

  private Behavior<Command> onRelease(MountCommand.Release msg) {
    release(msg.node());
    return this;
  }

  private Behavior<Command> onFlushBeforeUnlink(MountCommand.FlushBeforeUnlink msg) {
    CookieTable.Entry entry = table.get(msg.node());
    if (entry == null || !running()) {
      msg.replyTo().tell(Errno.OK);
    } else {
      // After any Inactivate this mount sent the node: the node's mailbox keeps the order.
      entry.actor().tell(new NodeActor.Flush(0, Cred.FSCRED, msg.replyTo()));
    }
    return this;
  }

  private void release(Cookie cookie) {
    CookieTable.Entry entry = table.get(cookie);
    if (entry == null || entry.handle.references().count() <= 0) {
      getContext().getLog().warn("{}: release of {} without a reference", state.name(), cookie);
      return;
    }
    entry.handle.references().release();
    maybeIdle(entry);
  }

  private void maybeIdle(CookieTable.Entry entry) {
    if (entry.isIdle() && running() && !entry.handle.cookie().equals(table.root())) {
      entry.actor().tell(new NodeActor.Inactivate());
    }
  }

  private Behavior<Command> onFromNode(FromNode msg) {
    MountNotice notice = msg.notice();
    if (notice instanceof MountNotice.LoadNode load) {
      loadNode(load);
    } else if (notice instanceof MountNotice.AddReference add) {
      addReference(add);
    } else if (notice instanceof MountNotice.OpenCount count) {
      CookieTable.Entry entry = table.get(count.cookie());
      if (entry != null) {
        entry.opens = Math.max(0, entry.opens + count.delta());
        maybeIdle(entry);
      }
    } else if (notice instanceof MountNotice.SetbackFor setback) {
      CookieTable.Entry entry = table.get(setback.target());
      if (entry != null) {
        entry.actor().tell(new NodeActor.Setback(setback.setbacks()));
        recycleIfUnreferenced(entry, setback.setbacks());
      }
    } else if (notice instanceof MountNotice.Inactivated inactivated) {
      onInactivated(inactivated);
    }
    return this;
  }

  /**
   * NOREF for a node nobody here references either (the target of a REMOVE that was already idle): it is reclaimed
   * now, or as soon as its INACTIVE is done, so the server may reuse its cookie (a host file system reuses inode
   * numbers at once).
   */
  private void recycleIfUnreferenced(CookieTable.Entry entry, int setbacks) {
    if ((setbacks & Setbacks.NOREF_N1) == 0 || entry.handle.cookie().equals(table.root())) {
      return;
    }
    entry.noRefs = true;
    if (entry.isIdle() && entry.inactive) {
      reclaim(entry);
    }
  }

  /** {@code puffs_getvnode} / {@code puffs_newnode}: find or make the node's actor and count a reference. */
  private void loadNode(MountNotice.LoadNode load) {
    if (!running()) {
      load.replyTo().tell(new VnodeResult.Failed(Errno.ENXIO));
      return;
    }
    Cookie cookie = load.reply().cookie();
    CookieTable.Entry entry = table.get(cookie);
    if (entry != null && !load.mayExist()) {
      // The reply check saw no such node, but one appeared since: still a cookie the server handed out twice.
      link.report(load.request().cookie(), new ErrorReport(PuffsErr.MAKENODE, Errno.EEXIST, "cookie exists"));
      load.replyTo().tell(new VnodeResult.Failed(Errno.EPROTO));
      return;
    }
    if (entry == null) {
      entry = spawnNode(cookie, load.vtype(), load.reply().size());
    }
    entry.addReference();
    entry.nlookup++;
    entry.inactive = false;
    idle.remove(cookie);
    load.replyTo().tell(new VnodeResult.Found(entry.handle, load.reply()));
    trimIdle();
  }

  private void addReference(MountNotice.AddReference add) {
    CookieTable.Entry entry = table.get(add.cookie());
    if (entry == null) {
      add.replyTo().tell(new VnodeResult.Failed(Errno.ESTALE));
      return;
    }
    entry.addReference();
    idle.remove(add.cookie());
    add.replyTo().tell(new VnodeResult.Found(entry.handle,
        OpReply.NewNode.of(add.cookie(), entry.vtype(), 0, 0)));
  }

  private CookieTable.Entry spawnNode(Cookie cookie, VType vtype, long size) {
    String name = "node-" + Long.toHexString(cookie.value()) + "-" + (++incarnations);
    NodeReferences references = new NodeReferences();
    NodeCache cache = new NodeCache(nodeContext.caches());
    ActorRef<NodeActor.Command> actor = getContext().spawn(
        NodeActor.create(nodeContext, cookie, vtype, size, references, cache), name);
    CookieTable.Entry entry = new CookieTable.Entry(new NodeHandle(cookie, vtype, actor, references, cache));
    table.put(entry);
    return entry;
  }

  private void onInactivated(MountNotice.Inactivated inactivated) {
    CookieTable.Entry entry = table.get(inactivated.cookie());
    if (entry == null || !entry.isIdle()) {
      return;
    }
    entry.inactive = true;
    if (inactivated.recycle() || entry.noRefs) {
      reclaim(entry);
    } else {
      idle.add(inactivated.cookie());
      trimIdle();
    }
  }

  /** Reclaims idle nodes, oldest first, while there are more live nodes than the bound allows. */
  private void trimIdle() {
    while (table.size() > settings.maxNodes() && !idle.isEmpty()) {
      Cookie oldest = idle.iterator().next();
      idle.remove(oldest);
      CookieTable.Entry entry = table.get(oldest);
      if (entry != null && entry.isIdle()) {
        reclaim(entry);
      }
    }
  }

  /**
   * Forgets a node. It leaves the table before RECLAIM is sent, because another lookup may race in and create the
   * same node again (the ordering hazard puffs_vnop_reclaim names); the server tells them apart by nlookup. A client
   * that took a reference from a name-cache hit since the node went idle keeps it alive: the retire fails.
   */
  private void reclaim(CookieTable.Entry entry) {
    if (!entry.handle.references().tryRetire()) {
      idle.remove(entry.handle.cookie());
      return;
    }
    table.remove(entry.handle.cookie());
    idle.remove(entry.handle.cookie());
    entry.actor().tell(new NodeActor.Reclaim(entry.nlookup));
  }

  // ---- unmount ----

  private Behavior<Command> onUnmount(MountCommand.Unmount msg) {
    if (unmounting) {
      msg.replyTo().tell(state.status() == MountStatus.UNMOUNTED ? Errno.ENXIO : Errno.EBUSY);
      return this;
    }
    boolean force = (msg.flags() & MountFlags.MNT_FORCE) != 0;
    if (!force && table.all().stream().anyMatch(entry -> !entry.isIdle())) {
      // vflush without FORCECLOSE: a node still referenced or open keeps the mount busy.
      msg.replyTo().tell(Errno.EBUSY);
      return this;
    }
    if (state.status() == MountStatus.DYING || server == null) {
      // No server to ask: it is dead, or a restored mount never got one.
      return finishUnmount(msg.flags(), msg.replyTo());
    }
    unmounting = true;
    send(Cookie.NONE, Cred.FSCRED, new VfsOp.Unmount(msg.flags()), new UnmountCaller(msg.flags(), msg.replyTo()));
    return this;
  }

  private Behavior<Command> onServerAskedUnmount(ServerAskedUnmount msg) {
    return onUnmount(new MountCommand.Unmount(MountFlags.MNT_FORCE, getContext().getSystem().ignoreRef()));
  }

  /**
   * The server agreed, or force overrode it: every waiter fails with ENXIO ({@code puffs_userdead}), the server is
   * detached and the sop actor exits; once every node has failed its waiters, the mount and its nodes go and the
   * unmount is answered. Meanwhile every new request fails with ENXIO, since the mount is no longer RUNNING.
   */
  private Behavior<Command> finishUnmount(int flags, ActorRef<Errno> replyTo) {
    unmounting = true;
    if (state.status() == MountStatus.UNMOUNTED || closingSession) {
      return this;
    }
    closingSession = true;
    // DYING at once, so new requests fail with ENXIO while the session's end is journaled; the ledger hears of it
    // below, together with the unmount.
    state = state.withStatus(MountStatus.DYING);
    getContext().pipeToSelf(closeSession(), (done, failure) -> new SessionClosed(flags, replyTo, failure));
    return this;
  }

  /**
   * Journals the session's end mark in the op log. At record level full it carries the server's final tree
   * ({@link StateSummaries#capture}), walked on the server directly: the server agreed to the unmount and every node
   * was written back, so its tree is what the session left — and the very tree a replay captures from the server it
   * re-drove, after the same VFS_UNMOUNT. The walk runs outside the actor; a walk that fails ends the session without
   * a final state (a replay then says it compared none).
   */
  private CompletionStage<Done> closeSession() {
    CompletionStage<Optional<StateSummary>> finalState;
    if (state.recordLevel() == RecordLevel.FULL && server != null && serverRoot != null) {
      String name = state.name();
      finalState = StateSummaries.capture(getContext().getSystem(), server, serverRoot, Cred.ROOT,
              settings.requestTimeout())
          .handle((summary, failure) -> {
            if (failure != null) {
              LOG.warn("{}: the final state could not be captured; the session ends without it", name, failure);
              return Optional.empty();
            }
            return Optional.of(summary);
          });
    } else {
      finalState = CompletableFuture.completedFuture(Optional.empty());
    }
    long session = state.session();
    Duration timeout = settings.journalTimeout();
    var scheduler = getContext().getSystem().scheduler();
    return finalState.thenCompose(summary -> Asks.<OpLog.Command, Done>ask(opLog,
        replyTo -> new OpLog.Mark(SessionEnded.of(session, Instant.now(), summary), replyTo), timeout, scheduler));
  }

  private Behavior<Command> onSessionClosed(SessionClosed msg) {
    if (msg.failure() != null) {
      getContext().getLog().warn("{}: the op log did not take the session's end", state.name(), msg.failure());
    }
    // The unmount is answered only once the journal has it, so a restarted engine never restores this session.
    record(List.of(new MountEvent.UnmountStarted(msg.flags()), new MountEvent.Unmounted()),
        failure -> tearDown(msg.replyTo()));
    return this;
  }

  private void tearDown(ActorRef<Errno> replyTo) {
    linkActor.tell(new LinkActor.GiveUp(Errno.ENXIO));
    timers.cancel(DEADLINE);
    if (sop != null) {
      sop.tell(new SopActor.Exit());
    }
    if (server != null) {
      server.tell(new ServerRuntime.Detach());
    }
    failPending();
    List<CompletableFuture<Cookie>> drained = new ArrayList<>();
    for (CookieTable.Entry entry : table.all()) {
      drained.add(Asks.ask(entry.actor(), (ActorRef<Cookie> ack) -> new NodeActor.UserDead(ack),
          settings.requestTimeout(), getContext().getSystem().scheduler()));
    }
    getContext().pipeToSelf(CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)),
        (done, failure) -> new Drained(replyTo));
  }

  private Behavior<Command> onDrained(Drained msg) {
    gone.complete(null);
    msg.replyTo().tell(Errno.OK);
    return Behaviors.stopped();
  }

  // ---- requests to the server ----

  private void send(Cookie cookie, Cred cred, VfsOp op, Caller caller) {
    PuffsRequest request = link.send(cookie, cred, 0, op, replies);
    pending.add(request, caller, false);
  }

  private Behavior<Command> onServerReplied(ServerReplied msg) {
    PuffsReply reply = msg.reply();
    Optional<PendingRequests.Pending<Caller>> done = pending.complete(reply.id());
    if (done.isEmpty()) {
      if (!pending.wasAbandoned(reply.id())) {
        link.report(Cookie.NONE, new ErrorReport(PuffsErr.ERROR, Errno.EINVAL, "reply with unknown id " + reply.id()));
      }
      return this;
    }
    PuffsRequest request = done.get().request();
    CheckedReply checked = ReplyCheck.check(request, reply, table);
    if (checked instanceof CheckedReply.Failed failed) {
      failed.report().ifPresent(report -> link.report(request.cookie(), report));
    }
    return answer(request, done.get().caller(), checked);
  }

  private Behavior<Command> answer(PuffsRequest request, Caller caller, CheckedReply checked) {
    Errno errno = checked instanceof CheckedReply.Failed failed ? failed.errno() : Errno.OK;
    if (caller instanceof StatvfsCaller statvfs) {
      statvfs.replyTo().tell(errno.isOk()
          ? new MountCommand.StatvfsAnswer(
              fromServer(((CheckedReply.Ok) checked).body(OpReply.FsStats.class).statvfs()), Errno.OK)
          : new MountCommand.StatvfsAnswer(state.statvfs(), errno));
    } else if (caller instanceof ErrnoCaller plain) {
      plain.replyTo().tell(errno);
    } else if (caller instanceof FhToVnodeCaller fh) {
      if (errno.isOk()) {
        OpReply.NodeInfo node = ((CheckedReply.Ok) checked).body(OpReply.NodeInfo.class);
        loadNode(new MountNotice.LoadNode(request, OpReply.NewNode.of(node.cookie(), node.vtype(), node.size(),
            node.rdev()), node.vtype(), true, fh.replyTo()));
      } else {
        fh.replyTo().tell(new VnodeResult.Failed(errno));
      }
    } else if (caller instanceof VnodeToFhCaller vptofh) {
      answerVnodeToFh(request, checked, vptofh);
    } else if (caller instanceof ExtattrctlCaller extattrctl) {
      if (!extattrctl.held().isNone()) {
        release(extattrctl.held());
      }
      extattrctl.replyTo().tell(errno);
    } else if (caller instanceof UnmountCaller unmount) {
      unmounting = false;
      if (errno.isOk() || (unmount.flags() & MountFlags.MNT_FORCE) != 0) {
        return finishUnmount(unmount.flags(), unmount.replyTo());
      }
      // A server may refuse an unmount that is not forced; the mount stays RUNNING.
      unmount.replyTo().tell(errno);
    }
    return this;
  }

  private Behavior<Command> onTimedOut(TimedOut msg) {
    Optional<PendingRequests.Pending<Caller>> late = pending.timeOut(msg.id());
    if (late.isEmpty()) {
      return this;
    }
    getContext().getLog().warn("{}: {} got no reply within {}", state.name(), late.get().request(),
        settings.requestTimeout());
    return answer(late.get().request(), late.get().caller(),
        new CheckedReply.Failed(Errno.ETIMEDOUT, 0, Optional.empty()));
  }

  // ---- server death and attach ----

  /**
   * The server actor terminated. Before VFS_START that is the puffs behaviour (DYING, waiters fail with ENXIO); a
   * started mount goes RECOVERING instead, journaled, and waits for {@link MountCommand.Attach}. An unmount that was
   * waiting on the server completes, since nobody is left to object.
   */
  private Behavior<Command> onServerTerminated(ServerTerminated msg) {
    if (!msg.server().equals(server) || state.status() == MountStatus.DYING
        || state.status() == MountStatus.UNMOUNTED) {
      return this;
    }
    getContext().getLog().warn("{}: server {} terminated while {}", state.name(), server, state.status());
    server = null;
    if (sop != null) {
      getContext().stop(sop);
      sop = null;
    }
    Optional<UnmountCaller> unmount = pending.drain(UnmountCaller.class::isInstance).stream()
        .map(p -> (UnmountCaller) p.caller()).findFirst();
    if (unmount.isPresent()) {
      // Nobody is left to object to the unmount.
      unmounting = false;
      return finishUnmount(unmount.get().flags(), unmount.get().replyTo());
    }
    if (state.status() == MountStatus.MOUNTING) {
      // Before VFS_START there is nothing to recover: the puffs behaviour.
      state = state.withStatus(MountStatus.DYING);
      linkActor.tell(new LinkActor.GiveUp(Errno.ENXIO));
      failPending();
      return this;
    }
    if (state.status() == MountStatus.RUNNING) {
      record(List.of(new MountEvent.ServerLost("server " + msg.server().path() + " terminated")), failure -> { });
      startDeadline();
    } else if (!timers.isTimerActive(DEADLINE)) {
      startDeadline();
    }
    if (!restartInFlight) {
      scheduleRestart();
    }
    return this;
  }

  private static final String DEADLINE = "recovery-deadline";

  /** No server within the deadline: the puffs behaviour, ENXIO for everyone and unmount. */
  private void startDeadline() {
    timers.startSingleTimer(DEADLINE, new DeadlinePassed(state.epoch()), settings.recoveryDeadline());
  }

  private Behavior<Command> onDeadlinePassed(DeadlinePassed msg) {
    // Not keyed to the epoch: one deadline covers a whole recovery, however many servers attach and fail meanwhile.
    if (state.status() != MountStatus.RECOVERING || server != null) {
      return this;
    }
    getContext().getLog().error("{}: no server attached within {}; failing requests with ENXIO and unmounting",
        state.name(), settings.recoveryDeadline());
    timers.cancel(RESTART);
    linkActor.tell(new LinkActor.GiveUp(Errno.ENXIO));
    failPending();
    for (CookieTable.Entry entry : table.all()) {
      entry.actor().tell(new NodeActor.UserDead(null));
    }
    return finishUnmount(MountFlags.MNT_FORCE, getContext().getSystem().ignoreRef());
  }

  /**
   * A new server for a RECOVERING mount: it describes itself (its recovery mode and root cookie), the link catches
   * it up (reattach or replay) and re-sends what is parked, then a new epoch is journaled and the mount runs.
   */
  private Behavior<Command> onAttach(MountCommand.Attach msg) {
    if (state.status() != MountStatus.RECOVERING || server != null) {
      msg.replyTo().tell(state.status() == MountStatus.RUNNING || server != null ? Errno.EBUSY : Errno.ENXIO);
      return this;
    }
    connect(msg.server());
    Asks.ask(getContext(), MountSpec.class, msg.server(), settings.requestTimeout(), ServerRuntime.Describe::new,
        (spec, failure) -> new Described(msg, spec, failure));
    return this;
  }

  private Behavior<Command> onDescribed(Described msg) {
    if (msg.failure() != null || !msg.attach().server().equals(server)) {
      msg.attach().replyTo().tell(Errno.ENOENT);
      return this;
    }
    long epoch = state.epoch() + 1;
    serverRoot = msg.spec().rootCookie();
    getContext().getLog().info("{}: server {} attached, epoch {}, {}", state.name(), server, epoch,
        msg.spec().recoveryMode());
    // Every server that attaches gets its epoch, also one that dies before it has caught up.
    record(List.of(new MountEvent.ServerAttached(epoch, server.path().toString())), failure -> { });
    // A replay takes as long as the op log after the newest snapshot; the recovery deadline is what bounds it.
    Asks.ask(getContext(), Errno.class, linkActor, catchUpTimeout(),
        replyTo -> new LinkActor.Attach(msg.attach().server(), msg.spec().recoveryMode(), msg.spec().rootCookie(),
            replyTo), (errno, failure) -> new CaughtUp(msg.attach(), epoch, failure == null ? errno : Errno.ETIMEDOUT));
    return this;
  }

  private Behavior<Command> onCaughtUp(CaughtUp msg) {
    if (!msg.errno().isOk()) {
      getContext().getLog().warn("{}: server {} did not catch up: {}", state.name(), msg.attach().server(),
          msg.errno());
      if (msg.attach().server().equals(server) && msg.errno() == Errno.EIO) {
        // The link let the server go: it lives but cannot be caught up (EAGAIN means it died, and its termination
        // says so). Another may attach now.
        disconnect();
        if (!timers.isTimerActive(DEADLINE)) {
          startDeadline();
        }
      }
      msg.attach().replyTo().tell(msg.errno());
      return this;
    }
    timers.cancel(DEADLINE);
    record(List.of(new MountEvent.Recovered(msg.epoch())),
        failure -> msg.attach().replyTo().tell(failure == null ? Errno.OK : Errno.EIO));
    return this;
  }

  private Duration catchUpTimeout() {
    return settings.recoveryDeadline().plus(settings.journalTimeout());
  }

  private void disconnect() {
    getContext().unwatch(server);
    server = null;
    if (sop != null) {
      getContext().stop(sop);
      sop = null;
    }
  }

  // ---- the server factory ----

  private static final String RESTART = "restart-server";

  private Behavior<Command> onSetServerFactory(MountCommand.SetServerFactory msg) {
    factory = msg.factory();
    restartAttempts = 0;
    if (factory == null) {
      timers.cancel(RESTART);
    } else if (state.status() == MountStatus.RECOVERING && server == null && !restartInFlight) {
      scheduleRestart();
    }
    msg.replyTo().tell(Errno.OK);
    return this;
  }

  /** The next attempt at a server from the factory, after its back-off; none beyond max-attempts. */
  private void scheduleRestart() {
    if (factory == null || state.status() != MountStatus.RECOVERING || timers.isTimerActive(RESTART)) {
      return;
    }
    if (restartAttempts >= settings.restart().maxAttempts()) {
      getContext().getLog().error("{}: the server factory failed {} time(s); waiting for Mount.attach until the "
          + "recovery deadline", state.name(), restartAttempts);
      return;
    }
    restartAttempts++;
    Duration backoff = settings.restart().backoffBefore(restartAttempts);
    timers.startSingleTimer(RESTART, new RestartServer(), backoff);
  }

  private Behavior<Command> onRestartServer(RestartServer msg) {
    if (factory == null || state.status() != MountStatus.RECOVERING || server != null || restartInFlight) {
      return this;
    }
    ActorRef<ServerRuntime.Command> fresh;
    try {
      fresh = getContext().spawn(factory.create(), "server-" + (++restarted));
    } catch (Exception | LinkageError e) {
      getContext().getLog().warn("{}: the server factory failed (attempt {})", state.name(), restartAttempts, e);
      scheduleRestart();
      return this;
    }
    getContext().getLog().info("{}: the server factory made {} (attempt {})", state.name(), fresh, restartAttempts);
    restartInFlight = true;
    Duration catchUp = settings.requestTimeout().plus(catchUpTimeout()).plus(settings.journalTimeout());
    Asks.ask(getContext(), Errno.class, getContext().getSelf(), catchUp,
        replyTo -> new MountCommand.Attach(fresh, replyTo),
        (errno, failure) -> new RestartAttached(fresh, failure == null ? errno : Errno.ETIMEDOUT));
    return this;
  }

  private Behavior<Command> onRestartAttached(RestartAttached msg) {
    restartInFlight = false;
    if (msg.errno().isOk()) {
      getContext().getLog().info("{}: recovered with a server from the factory after {} attempt(s)", state.name(),
          restartAttempts);
      restartAttempts = 0;
      return this;
    }
    getContext().getLog().warn("{}: the factory's server {} did not attach: {}", state.name(), msg.server(),
        msg.errno());
    if (msg.server().equals(server)) {
      disconnect();
    }
    getContext().stop(msg.server());
    scheduleRestart();
    return this;
  }

  /**
   * The engine is closing. A running mount first syncs, as an unforced unmount does: data and metadata the write-back
   * cache acknowledged reach the server, and the op log, before the actor system stops (a close that dropped them
   * would lose the last writes of a client that never called fsync). Then the link settles (no new server snapshot;
   * the one the sync's pushes may have started is finished, so no snapshot file is left that the journal does not
   * know), and the journal's reads and writes finish.
   */
  private Behavior<Command> onQuiesce(Quiesce msg) {
    // The context is the actor's alone: the callbacks below run on the answering actors' threads, so they take what
    // they need from here.
    Scheduler scheduler = getContext().getSystem().scheduler();
    Duration timeout = settings.journalTimeout();
    Duration settleTimeout = timeout.plus(settings.serverSnapshots().timeout());
    // Only a RUNNING mount has a server to sync to (a RECOVERING one keeps its dirty pages, like an unmount would
    // wait for them); only a mount that is up has a link to settle.
    boolean up = running();
    CompletableFuture<Errno> synced = state.status() != MountStatus.RUNNING ? CompletableFuture.completedFuture(Errno.OK)
        : Asks.<Command, Errno>ask(getContext().getSelf(),
            replyTo -> new MountCommand.Sync(MountFlags.MNT_WAIT, Cred.FSCRED, replyTo), settings.requestTimeout(),
            scheduler).exceptionally(failure -> Errno.EIO);
    synced.thenCompose(errno -> !up ? CompletableFuture.completedFuture(Done.getInstance())
            : Asks.<LinkActor.Command, Done>ask(linkActor, LinkActor.Settle::new, settleTimeout, scheduler)
                .exceptionally(failure -> Done.getInstance()))
        .thenCompose(settled -> CompletableFuture.allOf(
            Asks.<OpLog.Command, Done>ask(opLog, OpLog.Ping::new, timeout, scheduler),
            Asks.<MountLedger.Command, MountLedger.Answer>ask(ledger, MountLedger.Recall::new, timeout,
                scheduler)))
        .whenComplete((done, failure) -> msg.replyTo().tell(Done.getInstance()));
    return this;
  }

  private Behavior<Command> onGetInfo(MountCommand.GetInfo msg) {
    MountState now = state;
    Asks.ask(getContext(), LinkStatus.class, linkActor, settings.requestTimeout(), LinkActor.GetStatus::new,
        (link, failure) -> new InfoReady(now, link, msg.replyTo()));
    return this;
  }

  private Behavior<Command> onInfoReady(InfoReady msg) {
    MountState now = msg.state();
    msg.replyTo().tell(new MountInfo(now.name(), now.session(), now.status(), now.epoch(), now.recordLevel(),
        msg.link()));
    return this;
  }

  /** The mount's part of {@code puffs_userdead}: every VFS request waiting here fails with ENXIO. */
  private void failPending() {
    for (PendingRequests.Pending<Caller> waiting : pending.drain()) {
      failWithEnxio(waiting.caller());
    }
  }

  private void failWithEnxio(Caller caller) {
    if (caller instanceof UnmountCaller) {
      return;
    }
    answer(null, caller, new CheckedReply.Failed(Errno.ENXIO, 0, Optional.empty()));
  }

}
