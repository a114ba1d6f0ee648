package org.jpuffs.engine.remote;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.Register;
import org.jpuffs.api.server.remote.RegistrationReply;

/**
 * The engine's book of remote servers: which mounts it offers with which token, which server currently serves each,
 * and who waits for one. A registration with a wrong token, or for a mount not offered, is refused and logged. The
 * latest accepted registration of a mount wins, so a restarted server process replaces its dead predecessor even
 * before the failure detector has given up on it.
 */
final class ServerDirectory extends AbstractBehavior<ServerDirectory.Command> {

  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** Accept servers for {@code mount} that present {@code token}. */
  record Offer(String mount, String token, ActorRef<Done> replyTo) implements Command {}

  /** A registration the gate received. */
  record Arrived(Register register) implements Command {}

  /**
   * Complete {@code server} with the mount's server once there is one other than {@code excluding} (null: any).
   * Waiting may take as long as the operator needs to start a server, so it is a future, not an ask.
   */
  record AwaitServer(String mount, ActorRef<ServerRuntime.Command> excluding,
      CompletableFuture<ActorRef<ServerRuntime.Command>> server) implements Command {}

  private record ServerLost(String mount, ActorRef<ServerRuntime.Command> server) implements Command {}

  private static final int REFUSALS_REMEMBERED = 1024;

  static Behavior<Command> create() {
    return Behaviors.setup(ServerDirectory::new);
  }

  private final Map<String, byte[]> tokens = new HashMap<>();
  private final Map<String, ActorRef<ServerRuntime.Command>> current = new HashMap<>();
  private final Map<String, List<AwaitServer>> waiting = new HashMap<>();
  /** The last refused servers, bounded so that a peer sending refs by the thousand cannot grow it. */
  private final Map<ActorRef<?>, Boolean> refusedRecently = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<ActorRef<?>, Boolean> eldest) {
      return size() > REFUSALS_REMEMBERED;
    }
  };

  private ServerDirectory(ActorContext<Command> ctx) {
    super(ctx);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Offer.class, this::onOffer)
        .onMessage(Arrived.class, this::onArrived)
        .onMessage(AwaitServer.class, this::onAwaitServer)
        .onMessage(ServerLost.class, this::onServerLost)
        .build();
  }

  private Behavior<Command> onOffer(Offer offer) {
    tokens.put(offer.mount(), offer.token().getBytes(StandardCharsets.UTF_8));
    offer.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onArrived(Arrived arrived) {
    Register register = arrived.register();
    String refusal = refusal(register);
    if (refusal != null) {
      // A server resends until answered, so one refusal may meet several copies: log it once per server.
      if (refusedRecently.put(register.server(), Boolean.TRUE) == null) {
        getContext().getLog().warn("refused server {} from {} for mount {}: {}", register.server(),
            register.server().path().address(), register.mount(), refusal);
      }
      register.replyTo().tell(new RegistrationReply.Refused(register.mount(), refusal));
      return this;
    }
    ActorRef<ServerRuntime.Command> server = register.server();
    ActorRef<ServerRuntime.Command> before = current.put(register.mount(), server);
    if (!server.equals(before)) {
      getContext().getLog().info("server {} registered for mount {}", server, register.mount());
      getContext().watchWith(server, new ServerLost(register.mount(), server));
      wakeWaiters(register.mount(), server);
    }
    register.replyTo().tell(new RegistrationReply.Accepted(register.mount()));
    return this;
  }

  /** Why {@code register} is refused, or null if it is not. */
  private String refusal(Register register) {
    byte[] expected = tokens.get(register.mount());
    if (expected == null) {
      return "mount " + register.mount() + " is not offered by this engine";
    }
    // Constant time, so that the answer's timing does not leak how much of a guessed token was right.
    if (!MessageDigest.isEqual(expected, register.token().getBytes(StandardCharsets.UTF_8))) {
      return "wrong registration token";
    }
    return null;
  }

  private void wakeWaiters(String mount, ActorRef<ServerRuntime.Command> server) {
    List<AwaitServer> waiters = waiting.remove(mount);
    if (waiters == null) {
      return;
    }
    List<AwaitServer> still = new ArrayList<>();
    for (AwaitServer waiter : waiters) {
      if (server.equals(waiter.excluding())) {
        still.add(waiter);
      } else {
        waiter.server().complete(server);
      }
    }
    if (!still.isEmpty()) {
      waiting.put(mount, still);
    }
  }

  private Behavior<Command> onAwaitServer(AwaitServer await) {
    ActorRef<ServerRuntime.Command> server = current.get(await.mount());
    if (server != null && !server.equals(await.excluding())) {
      await.server().complete(server);
    } else {
      waiting.computeIfAbsent(await.mount(), mount -> new ArrayList<>()).add(await);
    }
    return this;
  }

  private Behavior<Command> onServerLost(ServerLost lost) {
    getContext().getLog().info("server {} of mount {} is gone", lost.server(), lost.mount());
    // A newer registration may already have replaced it; then that one stays.
    current.remove(lost.mount(), lost.server());
    return this;
  }

}
