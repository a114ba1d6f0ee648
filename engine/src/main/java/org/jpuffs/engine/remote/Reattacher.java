package org.jpuffs.engine.remote;

import java.time.Duration;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;

/**
 * Keeps a mount served by remote servers: it watches the mount's server, and when that one is lost (its process
 * killed, its node unreachable) it waits for the next server to register for the mount ({@link
 * RemoteServers#awaitReplacement}) and attaches it ({@link Mount#attach}): a memfs is replayed, a passthrough
 * reattached, and the requests the mount parked meanwhile go to the new server.
 *
 * <p>The mount watches the same server on its own, so a replacement that registers before the mount has seen the loss
 * (a server restarted faster than the failure detector) is refused with EBUSY; it is offered again every
 * {@code jpuffs.remote.attach-retry} until the mount is RECOVERING. The keeper stops when the mount is gone (ENXIO).
 */
final class Reattacher extends AbstractBehavior<Reattacher.Command> {

  sealed interface Command extends NoSerializationVerificationNeeded {}

  private record ServerLost(ActorRef<ServerRuntime.Command> server) implements Command {}

  private record Replacement(ActorRef<ServerRuntime.Command> server) implements Command {}

  private record Attached(ActorRef<ServerRuntime.Command> server, Throwable failure) implements Command {}

  private record RetryAttach(ActorRef<ServerRuntime.Command> server) implements Command {}

  static Behavior<Command> create(Mount mount, RemoteServers servers, ActorRef<ServerRuntime.Command> server,
      Duration retry) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Reattacher(ctx, timers, mount, servers, server, retry)));
  }

  private final TimerScheduler<Command> timers;
  private final Mount mount;
  private final RemoteServers servers;
  private final Duration retry;
  /** The server serving the mount, or the replacement being attached. */
  private ActorRef<ServerRuntime.Command> current;
  /** When {@link #current}'s predecessor was seen lost (nanoTime), for the log; 0 while the mount is served. */
  private long lostAt;

  private Reattacher(ActorContext<Command> ctx, TimerScheduler<Command> timers, Mount mount, RemoteServers servers,
      ActorRef<ServerRuntime.Command> server, Duration retry) {
    super(ctx);
    this.timers = timers;
    this.mount = mount;
    this.servers = servers;
    this.retry = retry;
    follow(server);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ServerLost.class, this::onServerLost)
        .onMessage(Replacement.class, this::onReplacement)
        .onMessage(RetryAttach.class, this::onRetryAttach)
        .onMessage(Attached.class, this::onAttached)
        .build();
  }

  private void follow(ActorRef<ServerRuntime.Command> server) {
    current = server;
    getContext().watchWith(server, new ServerLost(server));
  }

  private Behavior<Command> onServerLost(ServerLost lost) {
    if (!lost.server().equals(current)) {
      return this;
    }
    if (lostAt == 0) {
      lostAt = System.nanoTime();
    }
    getContext().getLog().info("mount {}: server {} lost; waiting for a server to register again", mount.name(),
        lost.server().path().address());
    timers.cancel(RetryAttach.class);
    // The directory's future only ever completes with a server: waiting lasts until someone starts one.
    getContext().pipeToSelf(servers.awaitReplacement(mount.name(), lost.server()),
        (server, failure) -> new Replacement(server));
    return this;
  }

  private Behavior<Command> onReplacement(Replacement replacement) {
    follow(replacement.server());
    attach(replacement.server());
    return this;
  }

  private Behavior<Command> onRetryAttach(RetryAttach retryAttach) {
    if (retryAttach.server().equals(current)) {
      attach(retryAttach.server());
    }
    return this;
  }

  private void attach(ActorRef<ServerRuntime.Command> server) {
    getContext().pipeToSelf(mount.attach(server), (ok, failure) -> new Attached(server, failure));
  }

  private Behavior<Command> onAttached(Attached attached) {
    if (!attached.server().equals(current)) {
      return this; // a server that was lost while it was being attached; its successor is on its way
    }
    if (attached.failure() == null) {
      getContext().getLog().info("mount {}: server {} attached, {} ms after the loss of its predecessor",
          mount.name(), attached.server().path().address(), (System.nanoTime() - lostAt) / 1_000_000);
      lostAt = 0;
      return this;
    }
    Errno errno = errnoOf(attached.failure());
    if (errno.equals(Errno.ENXIO)) {
      // Unmounted, or no server came within the recovery deadline: nothing left to keep.
      getContext().getLog().info("mount {} is gone; no longer attaching servers to it", mount.name());
      return Behaviors.stopped();
    }
    if (errno.equals(Errno.EAGAIN)) {
      // The replacement died while it was caught up; its loss arrives through the watch.
      getContext().getLog().warn("mount {}: server {} died while it was caught up", mount.name(),
          attached.server().path().address());
      return this;
    }
    // EBUSY: the mount has not seen its old server go yet; anything else (the server did not describe itself in
    // time): offer it again, for as long as it is the latest one.
    getContext().getLog().debug("mount {}: attaching {} failed with {}; retrying in {}", mount.name(),
        attached.server(), errno, retry);
    timers.startSingleTimer(RetryAttach.class, new RetryAttach(attached.server()), retry);
    return this;
  }

  private static Errno errnoOf(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof PuffsException)) {
      cause = cause.getCause();
    }
    return cause instanceof PuffsException puffs ? puffs.errno() : Errno.EIO;
  }
}
