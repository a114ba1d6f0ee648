package org.jpuffs.engine.replay;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.ServerRuntime;

/**
 * Sends requests to a {@link ServerRuntime} and hands back its replies as futures. One small actor receives every
 * reply and completes the waiting future by request id: an ask per request would spawn a temporary actor for each,
 * which is most of the cost of a replay against memfs.
 *
 * <p>Requests get ids of the channel's own (the recorded ids of different sessions may collide); a request that gets
 * no reply within the timeout (checked a few times per timeout) fails with a {@link TimeoutException}.
 */
final class ServerChannel implements AutoCloseable {

  private static final AtomicLong channels = new AtomicLong();
  /** No request that wants a reply has id 0 (it is the fire-and-forget id), so a reply with it can stop the router. */
  private static final PuffsReply STOP = PuffsReply.error(0, Errno.ESHUTDOWN);

  private final ActorRef<ServerRuntime.Command> server;
  private final Duration timeout;
  private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
  private final Cancellable sweeper;
  private final AtomicLong ids = new AtomicLong();
  private final ActorRef<PuffsReply> replies;

  ServerChannel(ActorSystem<?> system, ActorRef<ServerRuntime.Command> server, Duration timeout) {
    this.server = Objects.requireNonNull(server, "server");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.replies = system.systemActorOf(replyRouter(), "jpuffs-replay-replies-" + channels.incrementAndGet(),
        Props.empty());
    Duration every = timeout.dividedBy(4).isZero() ? timeout : timeout.dividedBy(4);
    this.sweeper = system.scheduler().scheduleAtFixedRate(every, every, this::expire, system.executionContext());
  }

  /** A reply being waited for, and until when. */
  private record Waiting(CompletableFuture<PuffsReply> reply, long deadline) {}

  /**
   * Fails the replies overdue. One sweep for all, rather than a timer per request: at tens of thousands of requests a
   * second, per-request timers (and their cancellations, which stay queued until they expire) cost more than the
   * requests.
   */
  private void expire() {
    long now = System.nanoTime();
    waiting.forEach((id, w) -> {
      if (now - w.deadline() > 0 && waiting.remove(id, w)) {
        w.reply().completeExceptionally(new TimeoutException("no reply within " + timeout));
      }
    });
  }

  private Behavior<PuffsReply> replyRouter() {
    return Behaviors.receive(PuffsReply.class).onMessage(PuffsReply.class, reply -> {
      if (reply.id() == STOP.id()) {
        return Behaviors.stopped();
      }
      Waiting w = waiting.remove(reply.id());
      if (w != null) {
        w.reply().complete(reply);
      }
      return Behaviors.same();
    }).build();
  }

  /**
   * Sends {@code request} with a fresh id (a fire-and-forget request is sent as it is).
   *
   * @return the reply, with the channel's id; {@code null} at once for a fire-and-forget request
   */
  CompletableFuture<PuffsReply> send(PuffsRequest request) {
    if (request.faf()) {
      server.tell(new ServerRuntime.Serve(request, null));
      return CompletableFuture.completedFuture(null);
    }
    long id = ids.incrementAndGet();
    CompletableFuture<PuffsReply> reply = new CompletableFuture<>();
    waiting.put(id, new Waiting(reply, System.nanoTime() + timeout.toNanos()));
    server.tell(new ServerRuntime.Serve(withId(request, id), replies));
    return reply;
  }

  private static PuffsRequest withId(PuffsRequest request, long id) {
    return new PuffsRequest(id, request.cookie(), request.cred(), request.pid(), false, request.op());
  }

  @Override
  public void close() {
    sweeper.cancel();
    replies.tell(STOP);
  }
}
