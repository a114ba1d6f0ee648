package org.jpuffs.api.server;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.PuffsSerializable;
import org.jpuffs.api.protocol.SopRequest;
import org.jpuffs.api.protocol.VnOp;

/**
 * The server half of the puffs message loop (libpuffs' {@code puffs_mainloop} and dispatcher) as a Pekko typed
 * behavior. It receives {@link Serve} requests from the engine, runs the server's op off the actor thread, and
 * answers each request that wants a reply exactly once, in whatever order ops finish; fire-and-forget requests are
 * never answered.
 *
 * <p>A blocking {@link FileSystemServer} runs on a pool of its own (fixed size, or a virtual thread per request on
 * Java 21+), so as many of its ops run at once as the pool allows; a server whose ops never block may run them on
 * the actor's own thread instead ({@link ServerExecutors.Kind#INLINE}). An op that is answered by the time its
 * method returns is replied to at once, without going through the mailbox again. An {@link AsyncFileSystemServer} needs no pool: its
 * ops complete later and the actor keeps serving meanwhile. A server op that throws anything but
 * {@link PuffsException} is answered EIO, and the runtime carries on.
 */
public final class ServerRuntime extends AbstractBehavior<ServerRuntime.Command> {

  /** Messages the runtime understands. */
  public sealed interface Command {}

  /**
   * Serve one request.
   *
   * @param request the request
   * @param replyTo where the reply goes; may be null for a fire-and-forget request
   */
  public record Serve(PuffsRequest request, ActorRef<PuffsReply> replyTo) implements Command, PuffsSerializable {
    public Serve {
      Objects.requireNonNull(request, "request");
      if (replyTo == null && request.wantsReply()) {
        throw new IllegalArgumentException("a request that wants a reply needs a replyTo");
      }
    }
  }

  /**
   * Describe the mount this server wants: its {@link MountSpec} with the op mask filled in.
   *
   * @param replyTo where the spec goes
   */
  public record Describe(ActorRef<MountSpec> replyTo) implements Command, PuffsSerializable {}

  /**
   * An engine attached; server-originated requests go to {@code sop} from now on.
   *
   * @param sop the engine's sop actor
   */
  public record Attach(ActorRef<SopRequest> sop) implements Command, PuffsSerializable {}

  /** The engine is gone (unmounted): server-originated requests fail with ENXIO from now on. */
  public record Detach() implements Command, PuffsSerializable {}

  /**
   * Write the server's whole state to {@code out} ({@link FileSystemServer#snapshot}). The caller sends nothing else
   * meanwhile, so the state written is the one after every request answered so far. Local only: a stream does not
   * travel, so a remote server never gets this (the caller's ask times out and it carries on without a snapshot).
   *
   * @param out where the state goes; the caller closes it
   * @param replyTo OK, or why not (EOPNOTSUPP: the server takes no snapshots)
   */
  public record TakeSnapshot(OutputStream out, ActorRef<StateTransfer> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * Replace the server's whole state with one {@link TakeSnapshot} wrote ({@link FileSystemServer#restore}).
   *
   * @param in the state; the caller closes it
   * @param replyTo OK, or why not
   */
  public record Restore(InputStream in, ActorRef<StateTransfer> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * How a {@link TakeSnapshot} or {@link Restore} ended.
   *
   * @param errno OK, or the error
   * @param detail what failed, for the log; empty when OK
   */
  public record StateTransfer(Errno errno, String detail) {
    public StateTransfer {
      Objects.requireNonNull(errno, "errno");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** A server op finished (successfully or not). Local only, so it is exempt from serialization checks. */
  private record Answered(PuffsRequest request, ActorRef<PuffsReply> replyTo, RequestContext ctx, OpReply body,
      Throwable failure) implements Command, NoSerializationVerificationNeeded {}

  /** The runtime's knobs. Read from {@code jpuffs.server} by {@link #fromConfig}. */
  public record Settings(ServerExecutors.Kind executor, int poolSize, Duration sopTimeout,
      RequestInterceptor interceptor) {
    public Settings {
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(sopTimeout, "sopTimeout");
      Objects.requireNonNull(interceptor, "interceptor");
      if (poolSize < 1) {
        throw new IllegalArgumentException("pool-size must be at least 1, not " + poolSize);
      }
    }

    /** The settings under {@code jpuffs.server} of {@code config}. */
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("jpuffs.server");
      return new Settings(ServerExecutors.Kind.parse(c.getString("executor")), c.getInt("pool-size"),
          c.getDuration("sop-timeout"), RequestInterceptor.NONE);
    }

    /** These settings with another interceptor. */
    public Settings withInterceptor(RequestInterceptor interceptor) {
      return new Settings(executor, poolSize, sopTimeout, interceptor);
    }

    /** These settings with another kind of executor ({@link ServerExecutors.Kind#INLINE} for a non-blocking server). */
    public Settings withExecutor(ServerExecutors.Kind executor) {
      return new Settings(executor, poolSize, sopTimeout, interceptor);
    }

    /** These settings with a fixed pool of {@code poolSize} threads. */
    public Settings withPool(int poolSize) {
      return new Settings(ServerExecutors.Kind.POOL, poolSize, sopTimeout, interceptor);
    }
  }

  /** A runtime for a blocking server, with the settings of the actor system's configuration. */
  public static Behavior<Command> create(FileSystemServer server) {
    return Behaviors.setup(ctx -> create(server, Settings.fromConfig(ctx.getSystem().settings().config())));
  }

  /** A runtime for a blocking server. */
  public static Behavior<Command> create(FileSystemServer server, Settings settings) {
    Objects.requireNonNull(server, "server");
    return Behaviors.setup(ctx -> {
      OpMask mask = declaredOpMask(server);
      ExecutorService waiting = ServerExecutors.createWaiting(ctx.getSelf().path().name());
      if (settings.executor() == ServerExecutors.Kind.INLINE
          || (settings.executor() == ServerExecutors.Kind.AUTO && server.opsNeverBlock())) {
        // The op runs where the adapter is called: on this actor's thread, inside onServe.
        Executor inline = Runnable::run;
        return new ServerRuntime(ctx, new BlockingServerAdapter(server, inline, waiting), mask, settings,
            List.of(waiting));
      }
      ExecutorService pool = ServerExecutors.create(settings.executor(), settings.poolSize(),
          ctx.getSelf().path().name());
      return new ServerRuntime(ctx, new BlockingServerAdapter(server, pool, waiting), mask, settings,
          List.of(pool, waiting));
    });
  }

  /** A runtime for an asynchronous server, with the settings of the actor system's configuration. */
  public static Behavior<Command> create(AsyncFileSystemServer server) {
    return Behaviors.setup(ctx -> create(server, Settings.fromConfig(ctx.getSystem().settings().config())));
  }

  /** A runtime for an asynchronous server. */
  public static Behavior<Command> create(AsyncFileSystemServer server, Settings settings) {
    Objects.requireNonNull(server, "server");
    return Behaviors.setup(ctx ->
        new ServerRuntime(ctx, server, declaredOpMask(server), settings, List.of()));
  }

  /**
   * The op mask a server declares: the one its {@link MountSpec} names, if it names one (a decorator, which must
   * override every method to forward it, names its inner server's), otherwise the ops whose methods its class
   * overrides, as libpuffs derives {@code pa_vnopmask} from the non-NULL entries of {@code puffs_ops}.
   */
  public static OpMask declaredOpMask(FileSystemServer server) {
    OpMask named = server.mountSpec().opMask();
    return named.equals(OpMask.NONE) ? OpMasks.derive(server, FileSystemServer.class) : named;
  }

  /** The op mask an asynchronous server declares; see {@link #declaredOpMask(FileSystemServer)}. */
  public static OpMask declaredOpMask(AsyncFileSystemServer server) {
    OpMask named = server.mountSpec().opMask();
    return named.equals(OpMask.NONE) ? OpMasks.derive(server, AsyncFileSystemServer.class) : named;
  }

  /** Answers every op with the libpuffs default, for ops outside the mask: computed inline, no thread hop. */
  private static final AsyncFileSystemServer DEFAULTS = () -> {
    throw new IllegalStateException("never asked");
  };

  /** How long a stop waits for the ops it interrupted. */
  private static final Duration POOL_DRAIN = Duration.ofSeconds(2);

  private final AsyncFileSystemServer server;
  private final OpMask opMask;
  private final Settings settings;
  private final List<ExecutorService> pools;
  private final Sop sop;

  private ServerRuntime(ActorContext<Command> ctx, AsyncFileSystemServer server, OpMask opMask, Settings settings,
      List<ExecutorService> pools) {
    super(ctx);
    this.server = server;
    this.opMask = opMask;
    this.settings = settings;
    this.pools = pools;
    this.sop = new Sop(ctx.getSystem().scheduler(), settings.sopTimeout(), ctx.getExecutionContext());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Serve.class, this::onServe)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Describe.class, this::onDescribe)
        .onMessage(Attach.class, this::onAttach)
        .onMessage(Detach.class, this::onDetach)
        .onMessage(TakeSnapshot.class, msg -> transfer(() -> server.snapshot(msg.out()), msg.replyTo()))
        .onMessage(Restore.class, msg -> transfer(() -> server.restore(msg.in()), msg.replyTo()))
        .onSignal(PostStop.class, signal -> releasePool())
        .onSignal(PreRestart.class, signal -> releasePool())
        .build();
  }

  private Behavior<Command> onServe(Serve msg) {
    PuffsRequest request = msg.request();
    Verdict verdict = settings.interceptor().onRequest(request);
    if (verdict instanceof Verdict.Crash) {
      return crash(request);
    }
    if (verdict instanceof Verdict.Drop) {
      return this;
    }
    if (verdict instanceof Verdict.Replace replace) {
      send(request, msg.replyTo(), replace.reply());
      return this;
    }
    if (request.op() instanceof ErrorReport report) {
      deliverErrorReport(request, report);
      return this;
    }
    RequestContext ctx = RequestContext.of(request);
    CompletionStage<OpReply> work;
    try {
      work = OpDispatcher.dispatch(implementsOp(request) ? server : DEFAULTS, ctx, request);
    } catch (RuntimeException e) {
      // An async server that throws instead of returning a failed stage is answered like one that failed it.
      work = CompletableFuture.failedFuture(e);
    }
    if (work instanceof CompletableFuture<OpReply> finished && finished.isDone()) {
      // Answered already (an inline server, an op outside the mask, a cached answer): reply now, without a trip
      // through this actor's mailbox and another thread hand-off.
      OpReply body = null;
      Throwable failure = null;
      try {
        body = finished.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        failure = e;
      }
      return onAnswered(new Answered(request, msg.replyTo(), ctx, body, failure));
    }
    getContext().pipeToSelf(Asks.plain(work), (body, failure) -> new Answered(request, msg.replyTo(), ctx, body, failure));
    return this;
  }

  private boolean implementsOp(PuffsRequest request) {
    return !(request.op() instanceof VnOp vn) || opMask.contains(vn.type());
  }

  private Behavior<Command> onAnswered(Answered msg) {
    PuffsRequest request = msg.request();
    if (!request.wantsReply()) {
      if (msg.failure() != null) {
        getContext().getLog().debug("fire-and-forget {} failed: {}", request, msg.failure().toString());
      }
      return this;
    }
    PuffsReply reply = toReply(msg).withSetbacks(msg.ctx().setbacks());
    Verdict verdict = settings.interceptor().onReply(request, reply);
    if (verdict instanceof Verdict.Crash) {
      return crash(request);
    }
    if (verdict instanceof Verdict.Drop) {
      return this;
    }
    send(request, msg.replyTo(), verdict instanceof Verdict.Replace replace ? replace.reply() : reply);
    return this;
  }

  private PuffsReply toReply(Answered msg) {
    long id = msg.request().id();
    if (msg.failure() != null) {
      return PuffsReply.error(id, errnoOf(msg.request(), msg.failure()));
    }
    if (msg.body() == null) {
      getContext().getLog().warn("server answered {} with null; replying EIO", msg.request());
      return PuffsReply.error(id, Errno.EIO);
    }
    return PuffsReply.ok(id, msg.body());
  }

  /** A PuffsException's errno is the answer; anything else is a server bug, answered EIO as libpuffs would. */
  private Errno errnoOf(PuffsRequest request, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof PuffsException puffs) {
      return puffs.errno();
    }
    logFailure(request, cause);
    return Errno.EIO;
  }

  private void logFailure(PuffsRequest request, Throwable failure) {
    getContext().getLog().warn("server failed {}; answering EIO", request, failure);
  }

  private void send(PuffsRequest request, ActorRef<PuffsReply> replyTo, PuffsReply reply) {
    if (request.wantsReply()) {
      replyTo.tell(reply);
    }
  }

  private void deliverErrorReport(PuffsRequest request, ErrorReport report) {
    try {
      server.onError(report, request.cookie());
    } catch (RuntimeException e) {
      getContext().getLog().warn("onError hook failed for {}", report, e);
    }
  }

  private Behavior<Command> crash(PuffsRequest request) {
    getContext().getLog().info("interceptor crashed the runtime at {}", request);
    return Behaviors.stopped();
  }

  private Behavior<Command> onDescribe(Describe msg) {
    try {
      msg.replyTo().tell(server.mountSpec().withOpMask(opMask));
    } catch (RuntimeException e) {
      // No answer: the engine's mount then fails with ENOENT, and this runtime keeps serving.
      getContext().getLog().error("the server's mountSpec() failed", e);
    }
    return this;
  }

  /** The stream-bound work of a snapshot or restore, on the blocking dispatcher, never on the actor's thread. */
  private interface StreamWork {
    void run() throws IOException;
  }

  private Behavior<Command> transfer(StreamWork work, ActorRef<StateTransfer> replyTo) {
    Executor blocking = getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    CompletableFuture.runAsync(() -> {
      StateTransfer result;
      try {
        work.run();
        result = new StateTransfer(Errno.OK, "");
      } catch (PuffsException e) {
        result = new StateTransfer(e.errno(), String.valueOf(e.getMessage()));
      } catch (IOException | RuntimeException e) {
        result = new StateTransfer(Errno.EIO, e.toString());
      }
      replyTo.tell(result);
    }, blocking);
    return this;
  }

  private Behavior<Command> onAttach(Attach msg) {
    sop.attach(msg.sop());
    try {
      server.mounted(sop);
    } catch (RuntimeException e) {
      getContext().getLog().warn("mounted hook failed", e);
    }
    return this;
  }

  private Behavior<Command> onDetach(Detach msg) {
    sop.attach(null);
    return this;
  }

  /**
   * On stop, and on a supervised restart (whose setup makes a new pool), the old pool is let go: queued ops are
   * dropped, running ones interrupted, and the stop waits (boundedly) for them to end. A stopped runtime must act like a
   * crashed server, because the engine hands its requests to the next server as soon as it sees this actor die: an op
   * of the dead one that still ran afterwards (a late truncate of a passthrough file, say) would undo the new server's
   * work. Death watchers hear of the stop only after this returns.
   */
  private Behavior<Command> releasePool() {
    pools.forEach(ExecutorService::shutdownNow);
    long deadline = System.nanoTime() + POOL_DRAIN.toNanos();
    for (ExecutorService pool : pools) {
      try {
        if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          getContext().getLog().warn("{}: server ops still running {} after the stop (they ignore interrupts)",
              getContext().getSelf().path().name(), POOL_DRAIN);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return this;
  }
}
