package org.jpuffs.engine.replay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * Sits between an engine and a server runtime and records every request and reply as the op log at level
 * {@code full} would: the request as sent, the reply as received, monotonic times from the session's start, numbered
 * in the order the replies (or, for fire-and-forget requests, the requests) passed.
 */
final class RecordingProxy {

  private final ConcurrentLinkedQueue<OpRecord> records = new ConcurrentLinkedQueue<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final long origin = System.nanoTime();

  private record Pending(PuffsRequest request, ActorRef<PuffsReply> replyTo, long issued) {}

  /** The records so far, in seq order. */
  List<OpRecord> records() {
    return records.stream().sorted((a, b) -> Long.compare(a.seq(), b.seq())).toList();
  }

  /** A behavior that forwards to {@code server}, recording as it goes. */
  Behavior<ServerRuntime.Command> behavior(ActorRef<ServerRuntime.Command> server) {
    return Behaviors.setup(ctx -> {
      ActorRef<PuffsReply> replies = ctx.spawn(replyRecorder(), "replies");
      return Behaviors.receive(ServerRuntime.Command.class).onMessage(ServerRuntime.Command.class, command -> {
        if (command instanceof ServerRuntime.Serve serve) {
          forward(server, serve, replies);
        } else {
          server.tell(command);
        }
        return Behaviors.same();
      }).build();
    });
  }

  private void forward(ActorRef<ServerRuntime.Command> server, ServerRuntime.Serve serve,
      ActorRef<PuffsReply> replies) {
    PuffsRequest request = serve.request();
    long now = System.nanoTime() - origin;
    if (request.faf()) {
      // recorded before it is sent, so it comes before anything the server does after it
      synchronized (records) {
        records.add(new OpRecord(seq.incrementAndGet(), request, null, now, now));
      }
      server.tell(serve);
      return;
    }
    pending.put(request.id(), new Pending(request, serve.replyTo(), now));
    server.tell(new ServerRuntime.Serve(request, replies));
  }

  private Behavior<PuffsReply> replyRecorder() {
    return Behaviors.receive(PuffsReply.class).onMessage(PuffsReply.class, reply -> {
      Pending p = pending.remove(reply.id());
      if (p != null) {
        long now = System.nanoTime() - origin;
        synchronized (records) {
          records.add(new OpRecord(seq.incrementAndGet(), p.request(), reply, p.issued(), now));
        }
        p.replyTo().tell(reply);
      }
      return Behaviors.same();
    }).build();
  }
}
