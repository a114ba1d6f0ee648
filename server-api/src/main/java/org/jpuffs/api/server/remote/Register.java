package org.jpuffs.api.server.remote;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.PuffsSerializable;
import org.jpuffs.api.server.ServerRuntime;

/**
 * A server process asks the engine to serve mount {@code mount}: the engine checks {@code token} against the one it
 * holds for that mount and answers {@code replyTo} with a {@link RegistrationReply}.
 *
 * @param mount the mount name
 * @param token the mount's registration token; empty when the engine requires none
 * @param server the server's runtime, which the engine mounts
 * @param replyTo where the answer goes
 */
public record Register(String mount, String token, ActorRef<ServerRuntime.Command> server,
    ActorRef<RegistrationReply> replyTo) implements PuffsSerializable {
  public Register {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(replyTo, "replyTo");
  }

  /** Never print the token: registrations end up in logs. */
  @Override
  public String toString() {
    return "Register[mount=" + mount + ", server=" + server + "]";
  }
}
