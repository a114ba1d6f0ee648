package org.jpuffs.engine.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.event.Logging;

/**
 * Logs, at WARN and with the peer's address, every connection the engine's TLS layer refused: a peer without a
 * certificate the trust store accepts, or one that does not speak TLS at all. (A wrong registration token is refused
 * and logged one level up, by the {@link ServerDirectory}.)
 *
 * <p>Pekko reports neither above debug level, and no single place knows both the failure and the peer: the TLS
 * engine knows why ({@link ReportingSSLEngine} publishes it), Pekko's TCP stage knows who, and reports closing the
 * connection right after, at debug. {@link #enable} has the TCP stage's debug events published
 * ({@link ConnectionLogFilter}); this actor pairs each handshake failure with the next connection the TCP stage
 * closes. Failures come one connection at a time from one TLS actor, so under a burst of simultaneous refusals the
 * pairing may swap two addresses; each refusal is still logged once.
 */
final class ConnectionRefusals extends AbstractBehavior<Object> {

  /** The TCP stage's reports of a connection it closes or aborts, with the peer's address first. */
  private static final Pattern CLOSED = Pattern.compile(
      "(?:Closing|Aborting) (?:tcp )?connection (?:from|to) (\\S+) because (?:of )?([^\\n]*)");
  private static final String TLS = "tls-tcp";
  private static final String SLF4J_LOGGER = "org.apache.pekko.event.slf4j.Slf4jLogger";
  private static final String PROVIDER = "pekko.remote.artery.ssl.ssl-engine-provider";
  private static final String DEFAULT_PROVIDER = "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider";
  /** A failure not followed by a closed connection within this long is logged without an address. */
  private static final Duration PAIRING = Duration.ofSeconds(2);

  private record Pending(ReportingSSLEngine.HandshakeFailed failure, long nanos) {}

  private enum Tick { STALE }

  /**
   * {@code config} for an engine on {@code tls-tcp} with Artery's own TLS engines: those that report handshake
   * failures, and the event bus at DEBUG with {@link ConnectionLogFilter}, which leaves every other logger to logback's
   * levels. Unchanged for plain TCP or a TLS engine provider of the application's own.
   */
  static Config enable(Config config) {
    if (!TLS.equals(config.getString("pekko.remote.artery.transport"))
        || !DEFAULT_PROVIDER.equals(config.getString(PROVIDER))) {
      return config;
    }
    return config
        .withValue(PROVIDER, ConfigValueFactory.fromAnyRef(ReportingSSLEngineProvider.class.getName()))
        .withValue("pekko.use-slf4j", ConfigValueFactory.fromAnyRef(false))
        .withValue("pekko.loggers", ConfigValueFactory.fromIterable(List.of(SLF4J_LOGGER)))
        .withValue("pekko.logging-filter", ConfigValueFactory.fromAnyRef(ConnectionLogFilter.class.getName()))
        .withValue("pekko.loglevel", ConfigValueFactory.fromAnyRef("DEBUG"));
  }

  /** Starts the listener in {@code system} if {@link #enable} set it up. */
  static void start(ActorSystem<?> system) {
    if (ReportingSSLEngineProvider.class.getName().equals(system.settings().config().getString(PROVIDER))) {
      system.systemActorOf(create(), "jpuffs-connection-refusals", Props.empty());
    }
  }

  static Behavior<Object> create() {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ConnectionRefusals(ctx, timers)));
  }

  private final Deque<Pending> pending = new ArrayDeque<>();
  private final TimerScheduler<Object> timers;

  private ConnectionRefusals(ActorContext<Object> ctx, TimerScheduler<Object> timers) {
    super(ctx);
    this.timers = timers;
    EventStream.Subscribe<Logging.Debug> debug = new EventStream.Subscribe<>(Logging.Debug.class,
        ctx.getSelf().narrow());
    EventStream.Subscribe<ReportingSSLEngine.HandshakeFailed> failures = new EventStream.Subscribe<>(
        ReportingSSLEngine.HandshakeFailed.class, ctx.getSelf().narrow());
    ctx.getSystem().eventStream().tell(debug);
    ctx.getSystem().eventStream().tell(failures);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(ReportingSSLEngine.HandshakeFailed.class, this::onHandshakeFailed)
        .onMessage(Logging.Debug.class, this::onDebug)
        .onMessageEquals(Tick.STALE, () -> {
          dropStale();
          return this;
        })
        .build();
  }

  private Behavior<Object> onHandshakeFailed(ReportingSSLEngine.HandshakeFailed failed) {
    dropStale();
    pending.addLast(new Pending(failed, System.nanoTime()));
    timers.startSingleTimer(Tick.STALE, PAIRING.plusMillis(100));
    return this;
  }

  private Behavior<Object> onDebug(Logging.Debug debug) {
    if (!ConnectionLogFilter.TCP_STAGE_LOGIC.equals(debug.logClass().getName())) {
      return this;
    }
    Matcher closed = CLOSED.matcher(String.valueOf(debug.message()));
    if (!closed.lookingAt()) {
      return this;
    }
    dropStale();
    Pending failure = pending.pollFirst();
    if (failure != null) {
      getContext().getLog().warn("refused TLS connection from {}: {}", closed.group(1), failure.failure().cause());
    } else if (closed.group(2).contains("javax.net.ssl.")) {
      getContext().getLog().warn("refused TLS connection from {}: {}", closed.group(1), closed.group(2));
    }
    return this;
  }

  /** Failures no connection was closed for in time: logged without an address rather than paired wrongly. */
  private void dropStale() {
    long now = System.nanoTime();
    while (!pending.isEmpty() && now - pending.peekFirst().nanos() > PAIRING.toNanos()) {
      getContext().getLog().warn("refused a TLS handshake (peer address unknown): {}",
          pending.pollFirst().failure().cause());
    }
  }
}
