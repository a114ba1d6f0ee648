package org.jpuffs.engine.recovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.msgif.ParkWatch;
import org.jpuffs.persistence.journal.DiskReserve;
import org.jpuffs.persistence.oplog.CookieMap;
import org.jpuffs.persistence.oplog.OpBatch;
import org.jpuffs.persistence.oplog.OpLog;
import org.jpuffs.persistence.oplog.OpRecord;
import org.jpuffs.persistence.oplog.ServerSnapshotTaken;

/**
 * A mount's line to its server, as an actor: every request of the mount and its nodes passes here. It
 * <ul>
 *   <li>journals state-changing requests with their replies in the op log ({@code oplog|NAME}) before the caller
 *   hears the reply, by group commit: everything answered while a write is in flight goes into the next write;</li>
 *   <li>parks requests while there is no server (bounded; beyond the bound they fail with EAGAIN), and re-sends
 *   them, with the requests the dead server never answered, once a new server is attached;</li>
 *   <li>replays the session's op log into a new server that lost its state ({@link RecoveryMode#REPLAY}) and then
 *   translates cookies between the engine and that server ({@link CookieTranslation});</li>
 *   <li>reconciles re-sent non-idempotent ops ({@link Reconciliation});</li>
 *   <li>every {@code server-snapshot-every} journaled mutations, holds requests back until the server has answered
 *   everything, has the server write its state to a file in the data dir and journals {@link ServerSnapshotTaken}; a
 *   replay then restores the newest usable snapshot and feeds only the records after it.</li>
 * </ul>
 * Node actors stay unaware of all this: they see one reply per request, possibly late.
 */
public final class LinkActor extends AbstractBehavior<LinkActor.Command> {

  /** What the link understands. */
  public sealed interface Command {}

  /**
   * Send {@code request}; its reply goes to {@code replyTo} (null for fire-and-forget).
   *
   * @param request the request, with engine cookies
   * @param replyTo who waits for the reply
   */
  public record Forward(PuffsRequest request, ActorRef<PuffsReply> replyTo) implements Command {}

  /**
   * A server for the link: the first, or a new one after a crash, recovered by {@code mode}.
   *
   * @param server the server
   * @param mode how the new server catches up
   * @param rootCookie the new server's root cookie
   * @param replyTo OK once requests flow again, or why recovery failed
   */
  public record Attach(ActorRef<ServerRuntime.Command> server, RecoveryMode mode, Cookie rootCookie,
      ActorRef<Errno> replyTo) implements Command {}

  /**
   * No server will come: every parked request, and every later one, fails with {@code errno}.
   *
   * @param errno the error
   */
  public record GiveUp(Errno errno) implements Command {}

  /**
   * The link's status.
   *
   * @param replyTo the status
   */
  public record GetStatus(ActorRef<LinkStatus> replyTo) implements Command {}

  /**
   * The engine is closing: take no more server snapshots and answer once the journal writes and the snapshot under
   * way (its file written, synced and journaled, the older files deleted) are done, so that the data dir holds no
   * snapshot file the journal does not know of.
   *
   * @param replyTo told when settled
   */
  public record Settle(ActorRef<Done> replyTo) implements Command {}

  private record Replied(PuffsReply reply) implements Command {}

  private record ServerGone(ActorRef<ServerRuntime.Command> server) implements Command {}

  private record Written(List<Held> batch, Throwable failure) implements Command {}

  private record Recalled(long generation, OpLog.Recalled recalled, Throwable failure) implements Command {}

  private record SnapshotWritten(long generation, ServerSnapshotFiles.Writing writing, long coveredSeq,
      Map<Cookie, Cookie> cookies, ServerRuntime.StateTransfer result, Throwable failure) implements Command {}

  private record SnapshotCommitted(ServerSnapshotTaken taken, ServerSnapshotFiles.Writing writing, Throwable failure)
      implements Command {}

  private record SnapshotJournaled(ServerSnapshotTaken taken, OpLog.SnapshotRecorded recorded, Throwable failure)
      implements Command {}

  private record SnapshotOpened(long generation, ServerSnapshotTaken snapshot, InputStream in, Throwable failure)
      implements Command {}

  /** A snapshot's pipeline ended (journaled and its older files pruned, or given up). */
  private record SnapshotEnded() implements Command {}

  private record SnapshotRestored(long generation, ServerSnapshotTaken snapshot, InputStream in,
      ServerRuntime.StateTransfer result, Throwable failure) implements Command {}

  /** A request the server has: what it was, who waits, when it went, and whether it is a retry. */
  private record InFlight(PuffsRequest request, ActorRef<PuffsReply> replyTo, long issuedNanos, boolean retried,
      PuffsRequest reconciling) {}

  /** A reply waiting for its record to be durable. */
  private record Held(OpRecord record, ActorRef<PuffsReply> replyTo, PuffsReply reply) {}

  /** A request waiting for a server. */
  private record Parked(Forward forward, boolean retried) {}

  private final String mountName;
  private final long session;
  private final RecordLevel recordLevel;
  private final Cookie engineRoot;
  private final int maxParked;
  private final Duration journalTimeout;
  private final ActorRef<OpLog.Command> opLog;
  private final ActorRef<PuffsReply> replies;
  private final long sessionStart = System.nanoTime();
  private final ServerSnapshotSettings snapshotSettings;
  private final ServerSnapshotFiles snapshotFiles;
  private final ParkWatch parkWatch;
  private final Executor blocking;
  private final DiskReserve diskReserve;

  private ActorRef<ServerRuntime.Command> server;
  private boolean replaying;
  private Errno gaveUp;
  private CookieTranslation translation = CookieTranslation.identity();
  private final Map<Long, InFlight> inFlight = new LinkedHashMap<>();
  private final Deque<Parked> parked = new ArrayDeque<>();
  private final NamePaths names = new NamePaths();
  private int parkedNew;
  private List<Held> gathering = new ArrayList<>();
  private boolean writing;
  private long seq;
  private long journaled;
  private long batches;
  private long journalFailures;
  private long spaceRefusals;
  /** Whether the last look at the data dir found it below its reserve (the log says when that changes). */
  private boolean diskFull;

  private long replayGeneration;
  private List<OpRecord> replayRecords = List.of();
  private int replayIndex;
  private CookieMap replayMap;
  private Attach replayFor;
  private boolean awaitingRecall;
  private OpLog.Recalled recalled = new OpLog.Recalled(List.of(), List.of());
  private List<ServerSnapshotTaken> restoreCandidates = List.of();
  private boolean recalledSnapshots;
  private long restoredFrom;
  /** When the recall was asked, so the log can say how long the op log took to read itself back. */
  private long recallAskedNanos;

  /** Journaled mutations since the last server snapshot. */
  private long sinceSnapshot;
  /** New requests are held back until the server has answered everything, then it writes a snapshot. */
  private boolean quiescing;
  private boolean snapshotRunning;
  private long snapshotGeneration;
  private boolean snapshotsUnsupported;
  /** Snapshots between their start and the end of their pipeline (file synced, journaled, older files pruned). */
  private int snapshotsUnderWay;
  private boolean settling;
  private final List<ActorRef<Done>> settleWaiters = new ArrayList<>();
  private long snapshotsTaken;

  private LinkActor(ActorContext<Command> ctx, String mountName, long session, RecordLevel recordLevel,
      Cookie engineRoot,
      int maxParked, Duration journalTimeout, ActorRef<OpLog.Command> opLog,
      ActorRef<ServerRuntime.Command> server, ServerSnapshotSettings snapshotSettings, ParkWatch parkWatch,
      DiskReserve diskReserve) {
    super(ctx);
    this.diskReserve = diskReserve;
    this.snapshotSettings = snapshotSettings;
    this.snapshotFiles = snapshotSettings.dir().isPresent()
        ? new ServerSnapshotFiles(snapshotSettings.dirOf(mountName)) : null;
    this.parkWatch = parkWatch;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.mountName = mountName;
    this.session = session;
    this.recordLevel = recordLevel;
    this.engineRoot = engineRoot;
    this.maxParked = maxParked;
    this.journalTimeout = journalTimeout;
    this.opLog = opLog;
    this.replies = ctx.messageAdapter(PuffsReply.class, Replied::new);
    if (server != null) {
      this.server = server;
      ctx.watchWith(server, new ServerGone(server));
    }
  }

  /**
   * A link for session {@code session} of mount {@code mountName}.
   *
   * @param engineRoot the root cookie the engine uses (the session's first server's)
   * @param maxParked how many requests may wait for a server; more fail with EAGAIN
   * @param journalTimeout how long an op-log write may take before its requests fail with EIO
   * @param opLog the mount name's op log
   * @param server the session's first server, or null (a restored mount) until {@link Attach}
   * @param snapshotSettings when to take server snapshots and where they are
   * @param parkWatch told which requests are parked, for the callers' timeouts
   * @param diskReserve below it, requests the op log would take fail with ENOSPC and no server snapshot is taken
   */
  public static Behavior<Command> create(String mountName, long session, RecordLevel recordLevel, Cookie engineRoot,
      int maxParked, Duration journalTimeout, ActorRef<OpLog.Command> opLog, ActorRef<ServerRuntime.Command> server,
      ServerSnapshotSettings snapshotSettings, ParkWatch parkWatch, DiskReserve diskReserve) {
    Objects.requireNonNull(diskReserve, "diskReserve");
    return Behaviors.setup(ctx -> new LinkActor(ctx, mountName, session, recordLevel, engineRoot, maxParked,
        journalTimeout, opLog, server, snapshotSettings, parkWatch, diskReserve));
  }

  /** A link without server snapshots whose parking nobody watches. */
  public static Behavior<Command> create(String mountName, long session, RecordLevel recordLevel, Cookie engineRoot,
      int maxParked, Duration journalTimeout, ActorRef<OpLog.Command> opLog, ActorRef<ServerRuntime.Command> server) {
    return create(mountName, session, recordLevel, engineRoot, maxParked, journalTimeout, opLog, server,
        ServerSnapshotSettings.off(), new ParkWatch(), DiskReserve.none());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Forward.class, this::onForward)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(Written.class, this::onWritten)
        .onMessage(ServerGone.class, this::onServerGone)
        .onMessage(Attach.class, this::onAttach)
        .onMessage(Recalled.class, this::onRecalled)
        .onMessage(SnapshotWritten.class, this::onSnapshotWritten)
        .onMessage(SnapshotCommitted.class, this::onSnapshotCommitted)
        .onMessage(SnapshotJournaled.class, this::onSnapshotJournaled)
        .onMessage(SnapshotOpened.class, this::onSnapshotOpened)
        .onMessage(SnapshotRestored.class, this::onSnapshotRestored)
        .onMessage(GiveUp.class, this::onGiveUp)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Settle.class, this::onSettle)
        .onMessage(SnapshotEnded.class, msg -> {
          snapshotEnded();
          return this;
        })
        .build();
  }

  // ---- requests and replies ----

  private Behavior<Command> onForward(Forward msg) {
    if (msg.request().op() instanceof VnOp.Reclaim) {
      names.forget(msg.request().cookie());
    }
    if (gaveUp != null) {
      fail(msg.request(), msg.replyTo(), gaveUp);
    } else if (server == null || replaying || quiescing) {
      park(new Parked(msg, false));
    } else {
      send(msg.request(), msg.replyTo(), false);
    }
    return this;
  }

  private void park(Parked parking) {
    // Requests the dead server had are always kept (they were accepted before the crash); new ones up to the bound.
    if (parkedNew >= maxParked) {
      fail(parking.forward().request(), parking.forward().replyTo(), Errno.EAGAIN);
      return;
    }
    parkedNew++;
    parked.add(parking);
    watchParked(parking);
  }

  private void watchParked(Parked parking) {
    if (!parking.forward().request().faf()) {
      parkWatch.parked(parking.forward().request().id());
    }
  }

  private void send(PuffsRequest request, ActorRef<PuffsReply> replyTo, boolean retried) {
    if (refusedForSpace(request, replyTo)) {
      return;
    }
    if (!request.faf()) {
      inFlight.put(request.id(), new InFlight(request, replyTo, System.nanoTime() - sessionStart, retried, null));
    }
    server.tell(new ServerRuntime.Serve(translation.toServer(request), request.faf() ? null : replies));
  }

  private Behavior<Command> onReplied(Replied msg) {
    if (replaying) {
      // While replaying nothing else is sent (everything is parked), so every reply is the replay's.
      return onReplayReplied(msg.reply());
    }
    PuffsReply reply = translation.toEngine(msg.reply());
    InFlight sent = inFlight.remove(reply.id());
    if (sent == null) {
      // Not a request of this mount's: a protocol error, as the node or mount would have reported it.
      server.tell(new ServerRuntime.Serve(PuffsRequest.faf(Cookie.NONE, Cred.FSCRED, 0,
          new ErrorReport(PuffsErr.ERROR, Errno.EINVAL, "reply with unknown id " + reply.id())), null));
      return this;
    }
    if (sent.reconciling() != null) {
      // The lookup that stands for a retried create: the client gets the node, as if its create had answered.
      deliver(sent.reconciling(), sent, madeByTheRetry(reply) ? reply : PuffsReply.error(reply.id(), Errno.EEXIST));
      return this;
    }
    if (sent.retried()) {
      Optional<ComponentName> name = Reconciliation.lookupInstead(sent.request(), reply);
      if (name.isPresent()) {
        PuffsRequest lookup = PuffsRequest.of(sent.request().id(), sent.request().cookie(), sent.request().cred(),
            sent.request().pid(), new VnOp.Lookup(ComponentName.of(NameiOp.LOOKUP, name.get().name())));
        inFlight.put(lookup.id(), new InFlight(lookup, sent.replyTo(), sent.issuedNanos(), false, sent.request()));
        server.tell(new ServerRuntime.Serve(translation.toServer(lookup), replies));
        return this;
      }
      reply = Reconciliation.settle(sent.request(), reply);
    }
    deliver(sent.request(), sent, reply);
    trySnapshot();
    return this;
  }

  /**
   * {@code true} if the lookup standing for a retried create found a node the engine did not know: the create's
   * first attempt made it. A node the engine knows was there before the create, whose answer is then EEXIST.
   */
  private boolean madeByTheRetry(PuffsReply lookup) {
    return lookup.rv().isOk() && lookup.body() instanceof OpReply.NewNode node && !names.knows(node.cookie());
  }

  /** Answers the caller of {@code request}, through the op log if the request is journaled. */
  private void deliver(PuffsRequest request, InFlight sent, PuffsReply reply) {
    names.learn(request, reply);
    if (!journals(request)) {
      sent.replyTo().tell(reply);
      return;
    }
    OpRecord record = new OpRecord(++seq, request, reply, sent.issuedNanos(), System.nanoTime() - sessionStart);
    gathering.add(new Held(record, sent.replyTo(), reply));
    if (!writing) {
      write();
    }
    if (Mutations.isMutation(request.op()) && ++sinceSnapshot >= snapshotSettings.every() && canSnapshot()) {
      quiescing = true;
    }
  }

  /**
   * Fails a request the op log would have to take, with ENOSPC, while the data dir is below its reserve: before the
   * server makes the change, so the server and the journal stay alike (DiskReserve says why LevelDB must not be
   * let near a full disk). Fire-and-forget requests (INACTIVE, RECLAIM) always go: refusing one would leave the
   * server holding a node the engine has let go.
   */
  private boolean refusedForSpace(PuffsRequest request, ActorRef<PuffsReply> replyTo) {
    if (request.faf() || !journals(request)) {
      return false;
    }
    boolean full = diskReserve.exhausted();
    if (full != diskFull) {
      diskFull = full;
      if (full) {
        getContext().getLog().warn("{}: the data dir has {} bytes free, below its reserve of {}: requests the journal "
            + "would take fail with ENOSPC until space is freed", mountName, diskReserve.usableBytes(),
            diskReserve.reserveBytes());
      } else {
        getContext().getLog().info("{}: the data dir has {} bytes free again (reserve {}): journaled requests "
            + "accepted again after {} refusal(s)", mountName, diskReserve.usableBytes(), diskReserve.reserveBytes(),
            spaceRefusals);
      }
    }
    if (!full) {
      return false;
    }
    spaceRefusals++;
    fail(request, replyTo, Errno.ENOSPC);
    return true;
  }

  private boolean journals(PuffsRequest request) {
    return recordLevel == RecordLevel.FULL
        || recordLevel == RecordLevel.MUTATIONS && Mutations.isMutation(request.op());
  }

  /** Group commit: one write for everything gathered while the previous write was in flight. */
  private void write() {
    List<Held> batch = gathering;
    gathering = new ArrayList<>();
    writing = true;
    List<OpRecord> records = new ArrayList<>(batch.size());
    for (Held held : batch) {
      records.add(held.record());
    }
    Asks.ask(getContext(), OpLog.Appended.class, opLog, journalTimeout,
        replyTo -> new OpLog.Append(OpBatch.of(session, records), replyTo),
        (appended, failure) -> new Written(batch, failure));
  }

  private Behavior<Command> onWritten(Written msg) {
    writing = false;
    if (msg.failure() != null) {
      journalFailures++;
      getContext().getLog().error("{}: the op log did not take {} record(s); they fail with EIO", mountName,
          msg.batch().size(), msg.failure());
    } else {
      journaled += msg.batch().size();
      batches++;
    }
    for (Held held : msg.batch()) {
      held.replyTo().tell(msg.failure() == null ? held.reply() : PuffsReply.error(held.reply().id(), Errno.EIO));
    }
    if (!gathering.isEmpty()) {
      write();
    } else if (awaitingRecall) {
      recall();
    }
    trySnapshot();
    answerSettled();
    return this;
  }

  private void fail(PuffsRequest request, ActorRef<PuffsReply> replyTo, Errno errno) {
    if (!request.faf() && replyTo != null) {
      replyTo.tell(PuffsReply.error(request.id(), errno));
    }
  }

  // ---- server loss and attach ----

  private Behavior<Command> onServerGone(ServerGone msg) {
    if (!msg.server().equals(server)) {
      return this;
    }
    if (gaveUp != null) {
      // The mount is being torn down (unmounted, or past its recovery deadline): a server that stops now, as an
      // embedding application stops it once the unmount is answered, is no crash to recover from.
      getContext().getLog().debug("{}: server gone after the link gave up", mountName);
      server = null;
      for (InFlight sent : inFlight.values()) {
        fail(sent.request(), sent.replyTo(), gaveUp);
      }
      inFlight.clear();
      return this;
    }
    getContext().getLog().warn("{}: server gone with {} request(s) in flight; parking", mountName, inFlight.size());
    server = null;
    if (quiescing || snapshotRunning) {
      // The snapshot under way is abandoned; what was held back waits for the next server with the rest.
      quiescing = false;
      snapshotRunning = false;
      snapshotGeneration++;
    }
    if (replaying) {
      // The new server died while being replayed: the next one starts the replay again from the top.
      replaying = false;
      awaitingRecall = false;
      replayGeneration++;
      replayFor.replyTo().tell(Errno.EAGAIN);
      replayFor = null;
    }
    List<Parked> retries = new ArrayList<>();
    for (InFlight sent : inFlight.values()) {
      PuffsRequest original = sent.reconciling() != null ? sent.reconciling() : sent.request();
      retries.add(new Parked(new Forward(original, sent.replyTo()), true));
    }
    inFlight.clear();
    // Retries go first, in the order they were sent, ahead of requests that arrived later.
    for (int i = retries.size() - 1; i >= 0; i--) {
      parked.addFirst(retries.get(i));
      watchParked(retries.get(i));
    }
    return this;
  }

  private Behavior<Command> onAttach(Attach msg) {
    if (server != null || replaying) {
      msg.replyTo().tell(Errno.EBUSY);
      return this;
    }
    server = msg.server();
    getContext().watchWith(server, new ServerGone(server));
    if (msg.mode() == RecoveryMode.REPLAY) {
      if (recordLevel == RecordLevel.NONE) {
        msg.replyTo().tell(Errno.ENXIO);
        return this;
      }
      replaying = true;
      replayFor = msg;
      replayRecords = List.of();
      replayIndex = 0;
      restoredFrom = 0;
      replayGeneration++;
      // Replies still on their way into the op log are part of what the new server must be fed: read it after.
      awaitingRecall = true;
      if (!writing) {
        recall();
      }
      return this;
    }
    // Reattach: the server's state survived, but it may not know the engine's nodes (passthrough learns a cookie's
    // path from lookups), so every known node is looked up again, parents first, before the parked requests go.
    replaying = true;
    replayFor = msg;
    replayGeneration++;
    replayRecords = names.lookupsFrom(engineRoot);
    replayIndex = 0;
    replayMap = new CookieMap(engineRoot, msg.rootCookie());
    getContext().getLog().info("{}: reattaching {}: re-resolving {} node(s)", mountName, server,
        replayRecords.size());
    replayNext();
    return this;
  }

  private void recall() {
    awaitingRecall = false;
    long generation = replayGeneration;
    // The op log answers once it has read itself back, which takes as long as its window: up to the whole session
    // without server snapshots (some seconds per million records), so this gets the snapshot timeout.
    Duration readTimeout = journalTimeout.compareTo(snapshotSettings.timeout()) > 0 ? journalTimeout
        : snapshotSettings.timeout();
    recallAskedNanos = System.nanoTime();
    Asks.ask(getContext(), OpLog.Recalled.class, opLog, readTimeout, replyTo -> new OpLog.Recall(session, replyTo),
        (recalled, failure) -> new Recalled(generation, recalled, failure));
  }

  private Behavior<Command> onRecalled(Recalled msg) {
    if (msg.generation() != replayGeneration || !replaying) {
      return this;
    }
    if (msg.failure() != null) {
      getContext().getLog().error("{}: the op log cannot be read for the replay", mountName, msg.failure());
      abandonReplay(Errno.EIO);
      return this;
    }
    OpLog.Recalled window = msg.recalled();
    List<ServerSnapshotTaken> snapshots = window.snapshots();
    // Recovery phases are timed by these log lines; this one covers the op log reading back its saved window.
    getContext().getLog().info("{}: op log recalled {} record(s) ({} still encoded) and {} server snapshot(s) in {} ms",
        mountName, window.count(), window.older().count(), snapshots.size(),
        (System.nanoTime() - recallAskedNanos) / 1_000_000);
    // A restored session numbers its new records after the journaled ones (and after those a snapshot covers).
    seq = Math.max(seq, window.lastSeq());
    if (!snapshots.isEmpty()) {
      seq = Math.max(seq, snapshots.get(0).coveredSeq());
    }
    recalled = window;
    recalledSnapshots = !snapshots.isEmpty();
    restoreCandidates = new ArrayList<>(snapshots);
    restoreNext();
    return this;
  }

  /** Restores the newest snapshot not tried yet; without one, replays the whole session if the log still has it. */
  private void restoreNext() {
    if (snapshotFiles != null && !restoreCandidates.isEmpty()) {
      ServerSnapshotTaken candidate = restoreCandidates.remove(0);
      long generation = replayGeneration;
      getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
        try {
          return snapshotFiles.openVerified(candidate.file(), candidate.size(), candidate.crc32());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, blocking), (in, failure) -> new SnapshotOpened(generation, candidate, in, failure));
      return;
    }
    boolean wholeSession = recalled.count() == 0 ? !recalledSnapshots : recalled.firstSeq() == 1;
    if (!wholeSession) {
      getContext().getLog().error("{}: cannot rebuild the server's state: no server snapshot is usable and the op "
          + "log before record {} was trimmed behind them; not inventing state", mountName,
          recalled.count() == 0 ? seq + 1 : recalled.firstSeq());
      abandonReplay(Errno.EIO);
      return;
    }
    if (recalledSnapshots) {
      getContext().getLog().warn("{}: no server snapshot is usable; replaying the whole session", mountName);
    }
    startReplay(0, new CookieMap(engineRoot, replayFor.rootCookie()));
  }

  private Behavior<Command> onSnapshotOpened(SnapshotOpened msg) {
    if (msg.generation() != replayGeneration || !replaying) {
      closeQuietly(msg.in());
      return this;
    }
    if (msg.failure() != null) {
      Throwable cause = msg.failure() instanceof CompletionException && msg.failure().getCause() != null
          ? msg.failure().getCause() : msg.failure();
      getContext().getLog().warn("{}: server snapshot {} is unusable ({}); falling back to {}", mountName,
          msg.snapshot().file(), cause.getMessage(), restoreCandidates.isEmpty() ? "the whole op log"
              : restoreCandidates.get(0).file());
      restoreNext();
      return this;
    }
    long generation = replayGeneration;
    Asks.ask(getContext(), ServerRuntime.StateTransfer.class, server, snapshotSettings.timeout(),
        replyTo -> new ServerRuntime.Restore(msg.in(), replyTo),
        (result, failure) -> new SnapshotRestored(generation, msg.snapshot(), msg.in(), result, failure));
    return this;
  }

  private Behavior<Command> onSnapshotRestored(SnapshotRestored msg) {
    closeQuietly(msg.in());
    if (msg.generation() != replayGeneration || !replaying) {
      return this;
    }
    if (msg.failure() != null || !msg.result().errno().isOk()) {
      getContext().getLog().warn("{}: the server did not restore snapshot {} ({}); falling back", mountName,
          msg.snapshot().file(), msg.failure() != null ? msg.failure().toString() : msg.result());
      restoreNext();
      return this;
    }
    Map<Cookie, Cookie> cookies = new HashMap<>();
    for (ServerSnapshotTaken.CookiePair pair : msg.snapshot().cookies()) {
      cookies.put(pair.engine(), pair.server());
    }
    long covered = msg.snapshot().coveredSeq();
    getContext().getLog().info("{}: restored server snapshot {} (op log up to record {})", mountName,
        msg.snapshot().file(), covered);
    startReplay(covered, CookieMap.restored(cookies));
    return this;
  }

  /** Feeds the new server the successful mutations after record {@code after}. */
  private void startReplay(long after, CookieMap map) {
    restoredFrom = after;
    // Only a fallback to an older snapshot (or a whole-session replay) decodes the records the newest one covers.
    replayRecords = recalled.after(after).stream().filter(r -> r.reply() != null && r.reply().rv().isOk()
        && Mutations.isMutation(r.request().op())).toList();
    recalled = new OpLog.Recalled(List.of(), List.of());
    replayIndex = 0;
    replayMap = map;
    getContext().getLog().info("{}: replaying {} journaled mutation(s) into {}", mountName, replayRecords.size(),
        server);
    replayNext();
  }

  private void abandonReplay(Errno errno) {
    replaying = false;
    replayFor.replyTo().tell(errno);
    replayFor = null;
    getContext().unwatch(server);
    server = null;
  }

  private void replayNext() {
    while (replayIndex < replayRecords.size()) {
      OpRecord record = replayRecords.get(replayIndex);
      Optional<PuffsRequest> translated = replayMap.translate(record.request());
      if (translated.isPresent()) {
        server.tell(new ServerRuntime.Serve(translated.get(), replies));
        return;
      }
      getContext().getLog().warn("{}: replay skips record {}: it names a node the replay has not seen", mountName,
          record.seq());
      replayIndex++;
    }
    finishReplay();
  }

  private Behavior<Command> onReplayReplied(PuffsReply reply) {
    if (replayIndex >= replayRecords.size() || reply.id() != replayRecords.get(replayIndex).request().id()) {
      return this;
    }
    OpRecord record = replayRecords.get(replayIndex);
    if (!reply.rv().isOk()) {
      getContext().getLog().warn("{}: replay of record {} diverged: {} now, OK then", mountName, record.seq(),
          reply.rv());
    }
    replayMap.learn(record.reply(), reply);
    replayIndex++;
    replayNext();
    return this;
  }

  private void finishReplay() {
    translation = CookieTranslation.of(replayMap.asMap());
    replaying = false;
    getContext().getLog().info("{}: replay done ({} mutation(s), {} cookie(s) translated); re-sending {} parked",
        mountName, replayRecords.size(), translation.size(), parked.size());
    Attach attach = replayFor;
    replayFor = null;
    // A long replay is a reason to snapshot soon, so that the next recovery does not repeat it.
    sinceSnapshot = Math.max(sinceSnapshot, replayRecords.size());
    // Only a server whose state survived (reattach) may already hold a retried op's effect; a replayed server holds
    // exactly the op log, which never has an op whose reply did not come back, so its answers stand as they are.
    resumeParked(attach.mode() == RecoveryMode.REATTACH);
    attach.replyTo().tell(Errno.OK);
  }

  /**
   * Sends every parked request; {@code reconcileRetries} says whether the requests the dead server had may have taken
   * effect on the server they now go to, so that their answers are reconciled ({@link Reconciliation}).
   */
  private void resumeParked(boolean reconcileRetries) {
    Deque<Parked> waiting = new ArrayDeque<>(parked);
    parked.clear();
    parkedNew = 0;
    for (Parked parking : waiting) {
      PuffsRequest request = parking.forward().request();
      if (!request.faf()) {
        parkWatch.resent(request.id());
      }
      send(request, parking.forward().replyTo(), reconcileRetries && parking.retried());
    }
  }

  private Behavior<Command> onGiveUp(GiveUp msg) {
    gaveUp = msg.errno();
    for (Parked parking : parked) {
      parkWatch.dropped(parking.forward().request().id());
      fail(parking.forward().request(), parking.forward().replyTo(), msg.errno());
    }
    parked.clear();
    parkedNew = 0;
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus msg) {
    msg.replyTo().tell(new LinkStatus(server != null && !replaying, replaying, parked.size(), inFlight.size(),
        journaled, batches, replayIndex, replayRecords.size(), journalFailures, snapshotsTaken, restoredFrom,
        diskFull, spaceRefusals));
    return this;
  }

  // ---- server snapshots ----

  private boolean canSnapshot() {
    return snapshotSettings.enabled() && !snapshotsUnsupported && server != null && !replaying && gaveUp == null
        && recordLevel != RecordLevel.NONE && !settling && !diskReserve.exhausted();
  }

  /** Once the server has answered everything and the op log has it all, asks the server for its state. */
  private void trySnapshot() {
    if (!quiescing || snapshotRunning || !inFlight.isEmpty() || writing || !gathering.isEmpty()) {
      return;
    }
    if (!canSnapshot()) {
      endSnapshot();
      return;
    }
    snapshotRunning = true;
    long generation = ++snapshotGeneration;
    long covered = seq;
    Map<Cookie, Cookie> cookies = translation.engineToServer();
    ServerSnapshotFiles.Writing writing;
    try {
      writing = snapshotFiles.write(ServerSnapshotFiles.nameOf(session, covered));
    } catch (IOException e) {
      getContext().getLog().warn("{}: cannot create a server snapshot file; carrying on without", mountName, e);
      endSnapshot();
      return;
    }
    getContext().getLog().debug("{}: server snapshot at record {}, {} request(s) held back", mountName, covered,
        parked.size());
    snapshotsUnderWay++;
    Asks.ask(getContext(), ServerRuntime.StateTransfer.class, server, snapshotSettings.timeout(),
        replyTo -> new ServerRuntime.TakeSnapshot(writing.stream(), replyTo),
        (result, failure) -> new SnapshotWritten(generation, writing, covered, cookies, result, failure));
  }

  private void endSnapshot() {
    sinceSnapshot = 0;
    quiescing = false;
    snapshotRunning = false;
    if (server != null && !replaying) {
      // Held back for a snapshot, never sent to a server: nothing to reconcile.
      resumeParked(false);
    }
  }

  private Behavior<Command> onSnapshotWritten(SnapshotWritten msg) {
    if (msg.generation() != snapshotGeneration || !snapshotRunning) {
      msg.writing().close();
      snapshotEnded();
      return this;
    }
    if (msg.failure() != null || !msg.result().errno().isOk()) {
      msg.writing().close();
      snapshotEnded();
      if (msg.result() != null && msg.result().errno() == Errno.EOPNOTSUPP) {
        snapshotsUnsupported = true;
        getContext().getLog().info("{}: the server takes no snapshots; a replay will feed it the whole op log",
            mountName);
      } else {
        getContext().getLog().warn("{}: the server did not write a snapshot ({}); carrying on without", mountName,
            msg.failure() != null ? msg.failure().toString() : msg.result());
      }
      endSnapshot();
      return this;
    }
    // The server's state is in the file: requests flow again while the file is synced and journaled.
    endSnapshot();
    ServerSnapshotFiles.Writing writing = msg.writing();
    List<ServerSnapshotTaken.CookiePair> cookies = new ArrayList<>();
    msg.cookies().forEach((engine, server) -> cookies.add(new ServerSnapshotTaken.CookiePair(engine, server)));
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        writing.commit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ServerSnapshotTaken(ServerSnapshotTaken.CURRENT_VERSION, session, writing.name(), msg.coveredSeq(),
          writing.size(), writing.crc32(), cookies);
    }, blocking), (taken, failure) -> new SnapshotCommitted(taken, writing, failure));
    return this;
  }

  private Behavior<Command> onSnapshotCommitted(SnapshotCommitted msg) {
    if (msg.failure() != null) {
      msg.writing().close();
      getContext().getLog().warn("{}: a server snapshot file could not be synced; carrying on without", mountName,
          msg.failure());
      snapshotEnded();
      return this;
    }
    Asks.ask(getContext(), OpLog.SnapshotRecorded.class, opLog, journalTimeout,
        replyTo -> new OpLog.RecordSnapshot(msg.taken(), replyTo),
        (recorded, failure) -> new SnapshotJournaled(msg.taken(), recorded, failure));
    return this;
  }

  private Behavior<Command> onSnapshotJournaled(SnapshotJournaled msg) {
    if (msg.failure() != null) {
      // The file is not in the journal, so no recovery will use it; a later cleanup removes it.
      getContext().getLog().warn("{}: the op log did not take server snapshot {}", mountName, msg.taken().file(),
          msg.failure());
      snapshotEnded();
      return this;
    }
    snapshotsTaken++;
    getContext().getLog().info("{}: server snapshot {} covers the op log up to record {} ({} bytes)", mountName,
        msg.taken().file(), msg.taken().coveredSeq(), msg.taken().size());
    Set<String> kept = new HashSet<>();
    msg.recorded().kept().forEach(snapshot -> kept.add(snapshot.file()));
    long newest = msg.recorded().kept().isEmpty() ? msg.taken().coveredSeq()
        : msg.recorded().kept().get(0).coveredSeq();
    org.slf4j.Logger log = getContext().getLog();
    getContext().pipeToSelf(CompletableFuture.runAsync(() -> {
      try {
        // A later snapshot may be being written meanwhile: its partial file is not touched.
        snapshotFiles.deleteAllBut(kept, session, newest);
      } catch (IOException e) {
        // Old files only cost disk space; the next snapshot tries again.
        log.warn("{}: old server snapshots not deleted", mountName, e);
      }
    }, blocking), (done, failure) -> new SnapshotEnded());
    return this;
  }

  private void snapshotEnded() {
    snapshotsUnderWay--;
    answerSettled();
  }

  private Behavior<Command> onSettle(Settle msg) {
    settling = true;
    settleWaiters.add(msg.replyTo());
    if (quiescing && !snapshotRunning) {
      // Held back for a snapshot that will not be taken now: the requests go on.
      endSnapshot();
    }
    answerSettled();
    return this;
  }

  /** Answers the {@link Settle} waiters once no journal write and no snapshot is under way. */
  private void answerSettled() {
    if (!settling || writing || !gathering.isEmpty() || snapshotRunning || snapshotsUnderWay > 0) {
      return;
    }
    settleWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    settleWaiters.clear();
  }

  private static void closeQuietly(InputStream in) {
    if (in == null) {
      return;
    }
    try {
      in.close();
    } catch (IOException e) {
      // read-only: nothing lost
    }
  }

}
