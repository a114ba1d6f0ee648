package org.jpuffs.engine.replay;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.node.OpMaskRules;
import org.jpuffs.engine.node.VnodeResult;
import org.jpuffs.persistence.oplog.CookieMap;
import org.jpuffs.persistence.oplog.OpRecord;
import org.jpuffs.persistence.oplog.StateSummary;

/**
 * Re-drives a recorded session into a server: each recorded request, its cookies mapped to the new server's by a
 * {@link CookieMap} that learns from the replies, is sent to a {@link ServerRuntime}, and each reply is compared with
 * the recorded one ({@link ReplyComparison}, {@link DirectoryListings}). The session comes as a Pekko Streams
 * {@link Source}, so it is never held in memory as a whole: at most {@link ReplayOptions#parallelism()} ops are in
 * flight.
 *
 * <p>With {@link ReplayOptions.Timing#ASAP} an op is sent as soon as the earlier ops on its nodes are done
 * ({@link DependencyKeys}); with {@link ReplayOptions.Timing#ORIGINAL} also not before its recorded issue time divided
 * by the speed, and the report says how well those times were kept. When the recording ended with a
 * {@link StateSummary}, the new server's final tree is captured and compared with it.
 *
 * <p>A replayer is used for one replay.
 */
public final class Replayer {

  /** The report keeps this many divergences of single ops (and every final-state one); it counts all. */
  public static final int KEPT_DIVERGENCES = 10_000;

  private final ActorSystem<?> system;
  private final ActorRef<ServerRuntime.Command> server;
  private final Cookie newRoot;
  private final OpMask newOpMask;
  private final ReplayOptions options;
  private final ServerChannel channel;
  private final CookieMap cookies;
  private final PathTracker paths;
  private final RecordedTypes types;
  private final DirectoryListings listings = new DirectoryListings();
  private final Scheduler scheduler = new Scheduler();
  private final LatencyStats replayLatency = new LatencyStats();
  private final LatencyStats recordedLatency = new LatencyStats();
  private final ConcurrentLinkedQueue<Divergence> divergences = new ConcurrentLinkedQueue<>();
  private final AtomicLong divergenceCount = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final IssueClock clock;

  private Replayer(ActorSystem<?> system, ActorRef<ServerRuntime.Command> server, Cookie recordedRoot,
      MountSpec newSpec, ReplayOptions options) {
    this.system = Objects.requireNonNull(system, "system");
    this.server = Objects.requireNonNull(server, "server");
    this.newRoot = newSpec.rootCookie();
    this.newOpMask = newSpec.opMask();
    this.options = Objects.requireNonNull(options, "options");
    this.channel = new ServerChannel(system, server, options.requestTimeout());
    this.cookies = new CookieMap(recordedRoot, newSpec.rootCookie());
    this.paths = new PathTracker(recordedRoot);
    this.types = new RecordedTypes(recordedRoot);
    this.clock = new IssueClock(options.speed());
  }

  /**
   * A replayer into {@code server}, which described itself as {@code newSpec} (its root cookie and op mask).
   *
   * @param recordedRoot the root cookie of the recorded mount
   */
  public static Replayer create(ActorSystem<?> system, ActorRef<ServerRuntime.Command> server, Cookie recordedRoot,
      MountSpec newSpec, ReplayOptions options) {
    return new Replayer(system, server, recordedRoot, newSpec, options);
  }

  /** A replayer into {@code server}, after asking it to describe itself ({@link ServerRuntime.Describe}). */
  public static CompletionStage<Replayer> connect(ActorSystem<?> system, ActorRef<ServerRuntime.Command> server,
      Cookie recordedRoot, ReplayOptions options) {
    // The caller's callbacks run on the system's executor, not inside the server's runtime.
    CompletionStage<MountSpec> spec = Asks.askOn(server, ServerRuntime.Describe::new, options.requestTimeout(),
        system.scheduler(), system.executionContext());
    return spec.thenApply(s -> create(system, server, recordedRoot, s, options));
  }

  /** Replays {@code session} without a final-state comparison. */
  public CompletionStage<ReplayReport> replay(Source<OpRecord, ?> session) {
    return replay(session, Optional.empty());
  }

  /**
   * Replays {@code session}; then, if {@code finalState} is given, compares the new server's tree with it.
   *
   * @return the report, once every op is answered (or timed out) and the final state compared
   */
  public CompletionStage<ReplayReport> replay(Source<OpRecord, ?> session, Optional<StateSummary> finalState) {
    long start = System.nanoTime();
    CompletionStage<Done> ran = session
        .mapAsyncUnordered(options.parallelism(), this::submit)
        .runWith(Sink.ignore(), system);
    CompletionStage<Void> compared = ran.thenCompose(d -> finalState.map(this::compareFinalState)
        .orElse(CompletableFuture.completedFuture(null)));
    return compared.thenApply(ignored -> report(System.nanoTime() - start, finalState.isPresent()))
        .whenComplete((report, failure) -> channel.close());
  }

  /** Runs in recorded order on the stream's stage: bookkeeping that must see the records in order. */
  private CompletableFuture<Boolean> submit(OpRecord record) {
    // the path as the recording had it when the op was issued, before this record's own rename or create
    String path = paths.pathOf(record);
    paths.learn(record);
    if (record.reply() != null) {
      recordedLatency.record(OpNames.of(record.request().op()), record.latencyNanos());
    }
    long scheduled = options.timing() == ReplayOptions.Timing.ORIGINAL ? clock.scheduled(record) : -1;
    DependencyKeys keys = DependencyKeys.of(record, types);
    types.learn(record);
    CompletableFuture<Boolean> result = scheduler.submit(keys, () -> run(record, path, scheduled));
    return result.whenComplete((ok, failure) -> options.progress().accept(done.incrementAndGet()));
  }

  /** Sends one op (at its time, if it has one) and checks its reply; never fails. */
  private CompletableFuture<Boolean> run(OpRecord record, String path, long scheduled) {
    if (scheduled < 0) {
      return send(record, path);
    }
    long delay = scheduled - System.nanoTime();
    if (delay <= 0) {
      clock.issued(scheduled);
      return send(record, path);
    }
    return CompletableFuture.supplyAsync(() -> null,
            CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, Runnable::run))
        .thenCompose(ignored -> {
          clock.issued(scheduled);
          return send(record, path);
        });
  }

  private CompletableFuture<Boolean> send(OpRecord record, String path) {
    Optional<PuffsRequest> translated;
    synchronized (cookies) {
      translated = cookies.translate(record.request());
    }
    if (translated.isEmpty()) {
      diverged(record, path, "names a node the replay does not have (an earlier op diverged)");
      return CompletableFuture.completedFuture(false);
    }
    PuffsRequest request = translated.get();
    Optional<PuffsReply> local = localAnswer(request);
    if (local.isPresent()) {
      return record.request().faf() ? CompletableFuture.completedFuture(true) : check(record, path, local.get());
    }
    if (request.op() instanceof VnOp.Readdir readdir) {
      request = withOp(request, listings.translate(record.request().cookie(), readdir));
    }
    long sent = System.nanoTime();
    return channel.send(request).handle((reply, failure) -> {
      if (record.request().faf()) {
        return CompletableFuture.completedFuture(true);
      }
      replayLatency.record(OpNames.of(record.request().op()), System.nanoTime() - sent);
      if (failure != null) {
        diverged(record, path, "no reply (" + failure.getClass().getSimpleName() + ")");
        return CompletableFuture.completedFuture(false);
      }
      return check(record, path, reply);
    }).thenCompose(checked -> checked);
  }

  private CompletableFuture<Boolean> check(OpRecord record, String path, PuffsReply reply) {
    synchronized (cookies) {
      cookies.learn(record.reply(), reply);
    }
    Optional<String> diff = ReplyComparison.differences(record.reply(), reply);
    diff.ifPresent(what -> diverged(record, path, what));
    if (record.reply().body() instanceof OpReply.Entries was && reply.body() instanceof OpReply.Entries now) {
      Cookie dir = record.request().cookie();
      VnOp.Readdir asked = (VnOp.Readdir) record.request().op();
      return listings.answered(dir, was, now)
          .map(offset -> drain(record, asked, offset))
          .orElse(CompletableFuture.completedFuture(null))
          .thenApply(ignored -> {
            Optional<String> entries = listings.compareIfComplete(dir);
            entries.ifPresent(what -> diverged(record, path, what));
            return diff.isEmpty() && entries.isEmpty();
          });
    }
    return CompletableFuture.completedFuture(diff.isEmpty());
  }

  /** The recording's listing ended; reads the new server's to its end, to compare the whole listings. */
  private CompletableFuture<Void> drain(OpRecord record, VnOp.Readdir asked, long offset) {
    Optional<PuffsRequest> dir;
    synchronized (cookies) {
      dir = cookies.translate(record.request());
    }
    PuffsRequest more = withOp(dir.orElseThrow(), new VnOp.Readdir(offset, asked.resid(), asked.ncookies()));
    return channel.send(more).thenCompose(reply -> {
      if (!(reply.body() instanceof OpReply.Entries entries)) {
        listings.drained(record.request().cookie(), new OpReply.Entries(List.of(), List.of(), offset, 0, true));
        return CompletableFuture.completedFuture(null);
      }
      listings.drained(record.request().cookie(), entries);
      return entries.eof() || entries.entries().isEmpty()
          ? CompletableFuture.completedFuture(null) : drain(record, asked, entries.offset());
    });
  }

  /**
   * The engine's own answer when the new server's op mask lacks the op ({@link OpMaskRules}): a mount of that server
   * would never have sent it, so neither does the replay. The node's type is not known here, which matters only for a
   * write-open of a regular file on a server without WRITE (the engine refuses it with EROFS).
   */
  private Optional<PuffsReply> localAnswer(PuffsRequest request) {
    if (!(request.op() instanceof VnOp vn)) {
      return Optional.empty();
    }
    return OpMaskRules.localAnswer(vn, newOpMask, 0, VType.VNON).map(result -> {
      if (result instanceof VnodeResult.Replied replied) {
        return PuffsReply.ok(request.id(), replied.body());
      }
      if (result instanceof VnodeResult.Failed failed) {
        return PuffsReply.error(request.id(), failed.errno());
      }
      throw new IllegalStateException("a local answer names no node: " + result);
    });
  }

  private CompletableFuture<Void> compareFinalState(StateSummary expected) {
    return StateSummaries.capture(system, server, newRoot, Cred.ROOT, options.requestTimeout())
        .toCompletableFuture()
        .handle((actual, failure) -> {
          if (failure != null) {
            divergenceCount.incrementAndGet();
            keep(Divergence.finalState("/", "could not capture the final state: " + failure.getMessage()));
          } else {
            // kept whatever the bound: the tree bounds them, and they are the summary of what went wrong
            List<Divergence> diffs = StateSummaries.compare(expected, actual);
            divergenceCount.addAndGet(diffs.size());
            divergences.addAll(diffs);
          }
          return null;
        });
  }

  private void diverged(OpRecord record, String path, String what) {
    divergenceCount.incrementAndGet();
    keep(new Divergence(record.seq(), record.request().op().opName(), path, what));
  }

  private void keep(Divergence divergence) {
    // The bound is approximate under concurrency, which is fine for a sample.
    if (divergences.size() < KEPT_DIVERGENCES) {
      divergences.add(divergence);
    }
  }

  private ReplayReport report(long wallNanos, boolean finalStateCompared) {
    return new ReplayReport(done.get(), divergenceCount.get(), List.copyOf(divergences), wallNanos,
        replayLatency.snapshot(), recordedLatency.snapshot(),
        options.timing() == ReplayOptions.Timing.ORIGINAL ? clock.accuracy() : Optional.empty(),
        finalStateCompared);
  }

  private static PuffsRequest withOp(PuffsRequest request, Op op) {
    return new PuffsRequest(request.id(), request.cookie(), request.cred(), request.pid(), request.faf(), op);
  }
}
