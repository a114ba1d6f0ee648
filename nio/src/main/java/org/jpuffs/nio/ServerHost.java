package org.jpuffs.nio;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jpuffs.api.server.ServerRuntime;

/**
 * The parent of a server runtime a puffs file system spawned from its env: it exists so that closing the file system
 * can stop the server (a runtime has no stop message, and only a parent can stop its child).
 */
final class ServerHost extends AbstractBehavior<ServerHost.Command> {

  sealed interface Command {}

  /** Answers the runtime's ref. */
  record GetServer(ActorRef<ActorRef<ServerRuntime.Command>> replyTo) implements Command {}

  /** Stops the host, and with it the runtime. */
  record Stop() implements Command {}

  private final ActorRef<ServerRuntime.Command> server;

  static Behavior<Command> create(Behavior<ServerRuntime.Command> runtime) {
    return Behaviors.setup(ctx -> new ServerHost(ctx, runtime));
  }

  private ServerHost(ActorContext<Command> ctx, Behavior<ServerRuntime.Command> runtime) {
    super(ctx);
    this.server = ctx.spawn(runtime, "server");
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(GetServer.class, this::onGetServer)
        .onMessage(Stop.class, msg -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onGetServer(GetServer msg) {
    msg.replyTo().tell(server);
    return this;
  }
}
