package org.jpuffs.engine.msgif;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.ServerRuntime;

/**
 * A mount's line to its server ({@code puffs_msg_enqueue}): builds requests with fresh per-mount ids and sends them.
 * Shared by the mount actor and its node actors; the id counter is the only shared state, and ids need only be
 * unique, so an atomic counter is enough.
 */
public final class ServerLink {

  private final AtomicLong nextId = new AtomicLong(1);
  private volatile ActorRef<ServerRuntime.Command> server;

  /** A link to {@code server}, or to none yet (null: a restored mount waiting for its server). */
  public ServerLink(ActorRef<ServerRuntime.Command> server) {
    this.server = server;
  }

  /** The server's runtime, or null while there is none. */
  public ActorRef<ServerRuntime.Command> server() {
    return server;
  }

  /** Points the link at another server (a new epoch), or at none (null) while the mount recovers. */
  public void retarget(ActorRef<ServerRuntime.Command> server) {
    this.server = server;
  }

  /** Sends {@code op} for {@code cookie}; the reply goes to {@code replyTo}. Returns the request sent. */
  public PuffsRequest send(Cookie cookie, Cred cred, int pid, Op op, ActorRef<PuffsReply> replyTo) {
    PuffsRequest request = PuffsRequest.of(nextId.getAndIncrement(), cookie, cred, pid, op);
    tell(new ServerRuntime.Serve(request, replyTo));
    return request;
  }

  /** Sends {@code op} fire-and-forget: id 0, no reply. */
  public PuffsRequest sendFaf(Cookie cookie, Cred cred, int pid, Op op) {
    PuffsRequest request = PuffsRequest.faf(cookie, cred, pid, op);
    tell(new ServerRuntime.Serve(request, null));
    return request;
  }

  /** Without a server the request is lost; its caller times out (a recovering mount does not send). */
  private void tell(ServerRuntime.Command command) {
    ActorRef<ServerRuntime.Command> target = server;
    if (target != null) {
      target.tell(command);
    }
  }

  /** {@code puffs_senderr}: tells the server that a reply about {@code cookie} broke the protocol. */
  public void report(Cookie cookie, ErrorReport report) {
    sendFaf(cookie, Cred.FSCRED, 0, report);
  }
}
