package org.jpuffs.engine.remote;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.server.remote.Register;

/**
 * The engine's well-known reception ({@code /system/<jpuffs.remote.reception-name>}): the one actor a server may
 * reach by path, trusted for actor selection in untrusted mode. It only takes {@link Register} and passes it to the
 * {@link ServerDirectory}, which checks it, so that nothing a remote peer can send reaches the directory's other
 * commands.
 */
final class ServerGate {

  private ServerGate() {}

  static Behavior<Register> create(ActorRef<ServerDirectory.Command> directory) {
    return Behaviors.receiveMessage(register -> {
      directory.tell(new ServerDirectory.Arrived(register));
      return Behaviors.same();
    });
  }
}
