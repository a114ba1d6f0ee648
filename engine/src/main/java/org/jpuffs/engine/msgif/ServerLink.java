package org.jpuffs.engine.msgif;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.engine.recovery.LinkActor;

/**
 * A mount's line to its server ({@code puffs_msg_enqueue}): builds requests with fresh per-mount ids and hands them
 * to the mount's {@link LinkActor}, which journals, parks and re-sends them across server crashes. Shared by the
 * mount actor and its node actors; the id counter is the only shared state, and ids need only be unique, so an
 * atomic counter is enough.
 */
public final class ServerLink {

  private final AtomicLong nextId = new AtomicLong(1);
  private final ActorRef<LinkActor.Command> link;
  private final ParkWatch parkWatch;

  /** A line to {@code link}, which reports the requests it parks to {@code parkWatch}. */
  public ServerLink(ActorRef<LinkActor.Command> link, ParkWatch parkWatch) {
    this.link = Objects.requireNonNull(link, "link");
    this.parkWatch = Objects.requireNonNull(parkWatch, "parkWatch");
  }

  /** Which of this link's requests are parked, for the callers' timeouts. */
  public ParkWatch parkWatch() {
    return parkWatch;
  }

  /** Sends {@code op} for {@code cookie}; the reply goes to {@code replyTo}. Returns the request sent. */
  public PuffsRequest send(Cookie cookie, Cred cred, int pid, Op op, ActorRef<PuffsReply> replyTo) {
    PuffsRequest request = PuffsRequest.of(nextId.getAndIncrement(), cookie, cred, pid, op);
    link.tell(new LinkActor.Forward(request, replyTo));
    return request;
  }

  /** Sends {@code op} fire-and-forget: id 0, no reply. */
  public PuffsRequest sendFaf(Cookie cookie, Cred cred, int pid, Op op) {
    PuffsRequest request = PuffsRequest.faf(cookie, cred, pid, op);
    link.tell(new LinkActor.Forward(request, null));
    return request;
  }

  /** {@code puffs_senderr}: tells the server that a reply about {@code cookie} broke the protocol. */
  public void report(Cookie cookie, ErrorReport report) {
    sendFaf(cookie, Cred.FSCRED, 0, report);
  }
}
