package org.jpuffs.api.server.remote;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.server.ServerRuntime;

/**
 * A puffs server in its own remote-enabled actor system, registered with an engine in another JVM: what
 * {@code jpuffs serve} runs. The system's guardian spawns the runtime and the {@link ServerRegistration}; if the
 * runtime stops (a crash), the whole system terminates, so that the engine sees the node go, which it also notices
 * in untrusted mode, where a single actor's death notice would be dropped.
 */
public final class RemoteServer implements AutoCloseable {

  /** The server system's name; the engine's is {@link EngineAddress#SYSTEM_NAME}. */
  public static final String SYSTEM_NAME = "jpuffs-server";
  /** The runtime's actor name, under {@code /user}. */
  public static final String RUNTIME_NAME = "server";

  private final ActorSystem<Void> system;
  private final CompletableFuture<ActorRef<ServerRuntime.Command>> runtime;
  private final CompletableFuture<RegistrationReply.Accepted> registered;

  private RemoteServer(ActorSystem<Void> system, CompletableFuture<ActorRef<ServerRuntime.Command>> runtime,
      CompletableFuture<RegistrationReply.Accepted> registered) {
    this.system = system;
    this.runtime = runtime;
    this.registered = registered;
  }

  /**
   * Starts {@code runtime} in a new actor system configured by {@code config} (build it with
   * {@link RemoteConfig#server}) and registers it as {@code registration} says.
   */
  public static RemoteServer start(Behavior<ServerRuntime.Command> runtime, ServerRegistration.Settings registration,
      Config config) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(config, "config");
    CompletableFuture<ActorRef<ServerRuntime.Command>> runtimeRef = new CompletableFuture<>();
    CompletableFuture<RegistrationReply.Accepted> registered = new CompletableFuture<>();
    Behavior<Void> guardian = Behaviors.setup(ctx -> {
      ActorRef<ServerRuntime.Command> server = ctx.spawn(runtime, RUNTIME_NAME);
      ctx.watch(server);
      runtimeRef.complete(server);
      ctx.spawn(ServerRegistration.create(registration, server, registered), "registration");
      return Behaviors.receive(Void.class)
          .onSignal(Terminated.class, stopped -> {
            ctx.getLog().error("the server runtime stopped; shutting the server system down");
            return Behaviors.stopped();
          })
          .build();
    });
    ActorSystem<Void> system = ActorSystem.create(guardian, SYSTEM_NAME, config);
    return new RemoteServer(system, runtimeRef, registered);
  }

  /** The server system. */
  public ActorSystem<Void> system() {
    return system;
  }

  /** The runtime, once the guardian has spawned it. */
  public CompletionStage<ActorRef<ServerRuntime.Command>> runtime() {
    return runtime;
  }

  /** Completes when the engine accepted the server; fails with {@link RegistrationException} otherwise. */
  public CompletionStage<RegistrationReply.Accepted> registered() {
    return registered;
  }

  /** Completes when the server system has terminated (closed, or its runtime stopped). */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /** Terminates the server system and waits up to {@code timeout} for it. */
  public void close(Duration timeout) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> null).join();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
