package org.jpuffs.engine.remote;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.Register;

/**
 * The engine side of remote servers: offers mounts to servers in other JVMs and hands their runtimes to whoever
 * mounts. Servers register at the well-known reception {@code /system/<jpuffs.remote.reception-name>} with the
 * mount's token ({@link org.jpuffs.api.server.remote.ServerRegistration}); only mounts offered here, with the right
 * token, are accepted.
 *
 * <p>Start at most one per actor system. The system must be remote-enabled for servers in other JVMs to reach it
 * (see {@link RemoteEngine}); in a local system it still works for registrations sent from the same JVM.
 */
public final class RemoteServers {

  private final ActorSystem<?> system;
  private final ActorRef<ServerDirectory.Command> directory;
  private final ActorRef<Register> gate;

  private RemoteServers(ActorSystem<?> system, ActorRef<ServerDirectory.Command> directory, ActorRef<Register> gate) {
    this.system = system;
    this.directory = directory;
    this.gate = gate;
  }

  /** Spawns the reception and its directory in {@code system}. */
  public static RemoteServers start(ActorSystem<?> system) {
    Objects.requireNonNull(system, "system");
    String reception = system.settings().config().getString("jpuffs.remote.reception-name");
    ActorRef<ServerDirectory.Command> directory =
        system.systemActorOf(ServerDirectory.create(), reception + "-directory", Props.empty());
    ActorRef<Register> gate = system.systemActorOf(ServerGate.create(directory), reception, Props.empty());
    return new RemoteServers(system, directory, gate);
  }

  /** The reception, for tests that register from the same JVM. */
  ActorRef<Register> gate() {
    return gate;
  }

  /**
   * Accepts servers for {@code mount} that present {@code token} (replacing an earlier token). Completes once the
   * offer is in place, so a server that registers afterwards is accepted.
   */
  public CompletionStage<Done> offer(String mount, String token) {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(token, "token");
    // The caller's callbacks run on the system's executor, not inside the server directory.
    return Asks.<ServerDirectory.Command, Done>askOn(directory,
        replyTo -> new ServerDirectory.Offer(mount, token, replyTo),
        Duration.ofSeconds(10), system.scheduler(), system.executionContext());
  }

  /** The runtime serving {@code mount}: the current one if it is registered, otherwise the next to register. */
  public CompletionStage<ActorRef<ServerRuntime.Command>> awaitServer(String mount) {
    return await(mount, null);
  }

  /**
   * The first runtime for {@code mount} other than {@code lost}: after a mount saw its server die, the restarted
   * server process's runtime (which may have registered already).
   */
  public CompletionStage<ActorRef<ServerRuntime.Command>> awaitReplacement(String mount,
      ActorRef<ServerRuntime.Command> lost) {
    return await(mount, Objects.requireNonNull(lost, "lost"));
  }

  private CompletionStage<ActorRef<ServerRuntime.Command>> await(String mount,
      ActorRef<ServerRuntime.Command> excluding) {
    Objects.requireNonNull(mount, "mount");
    CompletableFuture<ActorRef<ServerRuntime.Command>> server = new CompletableFuture<>();
    directory.tell(new ServerDirectory.AwaitServer(mount, excluding, server));
    return server;
  }
}
