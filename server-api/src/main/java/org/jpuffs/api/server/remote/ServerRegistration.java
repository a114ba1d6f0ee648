package org.jpuffs.api.server.remote;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jpuffs.api.server.ServerRuntime;

/**
 * The server side of registration: finds the engine's reception at its well-known path and sends a {@link Register}
 * for the server's runtime, again every {@code retry} until the engine answers (it may not be up yet, and Artery
 * drops what it cannot deliver), and gives up after {@code timeout}. The outcome completes {@code outcome}: the
 * {@link RegistrationReply.Accepted}, or a {@link RegistrationException} for a refusal or a timeout.
 */
public final class ServerRegistration extends AbstractBehavior<ServerRegistration.Command> {

  /** Messages of the registration; all private, it is driven by its timers and the engine's answer. */
  public sealed interface Command {}

  private record Retry() implements Command {}

  private record GiveUp() implements Command {}

  private record Answered(RegistrationReply reply) implements Command {}

  /**
   * What to register where.
   *
   * @param engine the engine's Artery endpoint
   * @param mount the mount to serve
   * @param token the mount's registration token ("" for none)
   * @param receptionName the name of the engine's reception actor ({@code jpuffs.remote.reception-name})
   * @param retry how often to resend until answered
   * @param timeout when to give up
   */
  public record Settings(EngineAddress engine, String mount, String token, String receptionName, Duration retry,
      Duration timeout) {
    public Settings {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(mount, "mount");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(receptionName, "receptionName");
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(timeout, "timeout");
      if (mount.isEmpty()) {
        throw new IllegalArgumentException("empty mount name");
      }
    }

    /** Settings with the retry, timeout and reception name of {@code jpuffs.remote} in {@code config}. */
    public static Settings fromConfig(Config config, EngineAddress engine, String mount, String token) {
      Config c = config.getConfig("jpuffs.remote");
      return new Settings(engine, mount, token, c.getString("reception-name"), c.getDuration("register-retry"),
          c.getDuration("register-timeout"));
    }

    /** Never print the token. */
    @Override
    public String toString() {
      return "Settings[engine=" + engine + ", mount=" + mount + ", retry=" + retry + ", timeout=" + timeout + "]";
    }
  }

  /** Registers {@code server} as {@code settings} say; {@code outcome} learns how it went. */
  public static Behavior<Command> create(Settings settings, ActorRef<ServerRuntime.Command> server,
      CompletableFuture<RegistrationReply.Accepted> outcome) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(outcome, "outcome");
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ServerRegistration(ctx, timers, settings, server, outcome)));
  }

  private final Settings settings;
  private final ActorRef<ServerRuntime.Command> server;
  private final CompletableFuture<RegistrationReply.Accepted> outcome;
  private final ActorSelection reception;
  private final Register register;

  private ServerRegistration(ActorContext<Command> ctx, TimerScheduler<Command> timers, Settings settings,
      ActorRef<ServerRuntime.Command> server, CompletableFuture<RegistrationReply.Accepted> outcome) {
    super(ctx);
    this.settings = settings;
    this.server = server;
    this.outcome = outcome;
    // Typed has no actor selection; a well-known path on another node is what classic selection is for.
    this.reception = Adapter.toClassic(ctx.getSystem())
        .actorSelection(settings.engine().receptionPath(settings.receptionName()));
    ActorRef<RegistrationReply> replies = ctx.messageAdapter(RegistrationReply.class, Answered::new);
    this.register = new Register(settings.mount(), settings.token(), server, replies);
    timers.startTimerWithFixedDelay(new Retry(), Duration.ZERO, settings.retry());
    timers.startSingleTimer(new GiveUp(), settings.timeout());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Retry.class, this::onRetry)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(GiveUp.class, this::onGiveUp)
        .build();
  }

  private Behavior<Command> onRetry(Retry retry) {
    reception.tell(register, org.apache.pekko.actor.ActorRef.noSender());
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    if (answered.reply() instanceof RegistrationReply.Accepted accepted) {
      getContext().getLog().info("engine {} accepted {} for mount {}", settings.engine(), server, accepted.mount());
      outcome.complete(accepted);
    } else {
      RegistrationReply.Refused refused = (RegistrationReply.Refused) answered.reply();
      getContext().getLog().warn("engine {} refused mount {}: {}", settings.engine(), refused.mount(),
          refused.reason());
      outcome.completeExceptionally(new RegistrationException(
          "engine " + settings.engine() + " refused mount " + refused.mount() + ": " + refused.reason()));
    }
    // Answers to earlier retries may still come; they go to dead letters.
    return Behaviors.stopped();
  }

  private Behavior<Command> onGiveUp(GiveUp giveUp) {
    outcome.completeExceptionally(new RegistrationException("no answer from engine " + settings.engine()
        + " for mount " + settings.mount() + " within " + settings.timeout()
        + " (engine down, wrong address, or the TLS handshake failed)"));
    return Behaviors.stopped();
  }
}
