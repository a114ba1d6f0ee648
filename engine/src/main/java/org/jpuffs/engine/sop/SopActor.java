package org.jpuffs.engine.sop;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FlushOp;
import org.jpuffs.api.protocol.SopOp;
import org.jpuffs.api.protocol.SopReply;
import org.jpuffs.api.protocol.SopRequest;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.node.NodeActor;
import org.jpuffs.engine.node.NodeHandle;

/**
 * The mount's {@code puffs_sop_thread}: it takes what the server asks of the engine — cache invalidations and
 * flushes, and an unmount — applies it to the node actors, tells the listeners, and answers the server. It exists
 * apart from the mount actor for the reason the kernel thread does: handling a server's flush must not wait behind
 * operations that are themselves waiting on the server.
 *
 * <p>On start it hands the server's runtime the address to send to ({@link ServerRuntime.Attach}); on
 * {@link Exit} ({@code PUFFS_SOPREQSYS_EXIT}) it tells the runtime to {@link ServerRuntime.Detach} and answers anything
 * still arriving with ENXIO.
 */
public final class SopActor extends AbstractBehavior<SopActor.Command> {

  /** What the sop actor understands. */
  public sealed interface Command {}

  /** The mount is going away ({@code PUFFS_SOPREQSYS_EXIT}). */
  public record Exit() implements Command {}

  private record Serve(SopRequest request) implements Command {}

  private record NodeAnswered(SopRequest request, Errno errno) implements Command {}

  private final String mountName;
  private final ActorRef<ServerRuntime.Command> server;
  private final Function<Cookie, Optional<NodeHandle>> nodes;
  private final Runnable unmountRequested;
  private final Runnable purgeAllNames;
  private final List<InvalidationListener> listeners;
  private final Duration nodeTimeout;
  private boolean exited;

  /**
   * A sop actor for mount {@code mountName}.
   *
   * @param server the server's runtime, which is attached on start
   * @param nodes finds the live node of a cookie
   * @param unmountRequested runs (on this actor) when the server asks to be unmounted, after it was answered
   * @param purgeAllNames voids every name-cache entry of the mount (INVAL_NAMECACHE_ALL)
   * @param listeners told of every accepted invalidation; may change while the actor runs
   * @param nodeTimeout how long a node may take to apply an invalidation
   */
  public static Behavior<Command> create(String mountName, ActorRef<ServerRuntime.Command> server,
      Function<Cookie, Optional<NodeHandle>> nodes, Runnable unmountRequested, Runnable purgeAllNames,
      List<InvalidationListener> listeners, Duration nodeTimeout) {
    return Behaviors.setup(ctx ->
        new SopActor(ctx, mountName, server, nodes, unmountRequested, purgeAllNames, listeners, nodeTimeout));
  }

  private SopActor(ActorContext<Command> ctx, String mountName, ActorRef<ServerRuntime.Command> server,
      Function<Cookie, Optional<NodeHandle>> nodes, Runnable unmountRequested, Runnable purgeAllNames,
      List<InvalidationListener> listeners, Duration nodeTimeout) {
    super(ctx);
    this.purgeAllNames = purgeAllNames;
    this.mountName = mountName;
    this.server = server;
    this.nodes = nodes;
    this.unmountRequested = unmountRequested;
    this.listeners = listeners;
    this.nodeTimeout = nodeTimeout;
    server.tell(new ServerRuntime.Attach(ctx.messageAdapter(SopRequest.class, Serve::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Serve.class, this::onServe)
        .onMessage(NodeAnswered.class, this::onNodeAnswered)
        .onMessage(Exit.class, this::onExit)
        .build();
  }

  private Behavior<Command> onServe(Serve msg) {
    SopRequest request = msg.request();
    if (exited) {
      answer(request, Errno.ENXIO);
      return this;
    }
    SopOp op = request.op();
    if (op instanceof SopOp.Unmount) {
      // puffs answers 0 first, then unmounts with force.
      answer(request, Errno.OK);
      unmountRequested.run();
    } else if (op instanceof SopOp.Flush flush) {
      flush(request, flush);
    } else {
      // PUFFSOP_SUSPEND: defined by puffs but never implemented by its kernel; answered explicitly.
      answer(request, Errno.EOPNOTSUPP);
    }
    return this;
  }

  private void flush(SopRequest request, SopOp.Flush flush) {
    if (flush.op() == FlushOp.INVAL_NAMECACHE_ALL) {
      // One epoch for the whole mount: every directory's entries turn into misses at once.
      purgeAllNames.run();
      accepted(request, flush);
      return;
    }
    Optional<NodeHandle> node = nodes.apply(flush.cookie());
    if (node.isEmpty()) {
      answer(request, Errno.ENOENT);
      return;
    }
    Asks.ask(getContext(), Errno.class, node.get().actor(), nodeTimeout,
        (ActorRef<Errno> replyTo) -> new NodeActor.Invalidate(flush.op(), flush.start(), flush.end(), replyTo),
        (errno, failure) -> new NodeAnswered(request, failure == null ? errno : Errno.ENXIO));
  }

  private Behavior<Command> onNodeAnswered(NodeAnswered msg) {
    if (msg.errno().isOk()) {
      accepted(msg.request(), (SopOp.Flush) msg.request().op());
    } else {
      answer(msg.request(), msg.errno());
    }
    return this;
  }

  private void accepted(SopRequest request, SopOp.Flush flush) {
    Invalidation invalidation = new Invalidation(mountName, flush.op(), flush.cookie(), flush.start(), flush.end());
    for (InvalidationListener listener : listeners) {
      try {
        listener.invalidated(invalidation);
      } catch (RuntimeException e) {
        getContext().getLog().warn("{}: invalidation listener failed", mountName, e);
      }
    }
    answer(request, Errno.OK);
  }

  private void answer(SopRequest request, Errno errno) {
    request.replyTo().tell(new SopReply(request.id(), errno));
  }

  private Behavior<Command> onExit(Exit msg) {
    exited = true;
    server.tell(new ServerRuntime.Detach());
    return this;
  }
}
