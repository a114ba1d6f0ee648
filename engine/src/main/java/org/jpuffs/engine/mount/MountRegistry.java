package org.jpuffs.engine.mount;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.sop.InvalidationListener;

/**
 * The engine's mounts by name: it spawns a mount actor per mount, refuses a second mount of a name that is mounted
 * (EBUSY), and forgets a mount when its actor stops. One per engine.
 */
public final class MountRegistry extends AbstractBehavior<MountRegistry.Command> {

  /** What the registry understands. */
  public sealed interface Command {}

  /**
   * Mount {@code name} (VFS_MOUNT); the answer is a {@link MountActor.Created}.
   *
   * @param name the mount's name, its identity
   * @param mountFlags the mount flags
   * @param mountedOn where it is mounted, for statvfs
   * @param args the mount arguments
   * @param server the server's runtime, or null
   * @param listeners told of the server's cache invalidations
   * @param gone completed when the mount actor has stopped, so clients fail fast instead of waiting on a dead actor
   * @param replyTo the outcome
   */
  public record CreateMount(String name, int mountFlags, String mountedOn, MountArgs args,
      ActorRef<ServerRuntime.Command> server, List<InvalidationListener> listeners, CompletableFuture<Void> gone,
      ActorRef<MountActor.Created> replyTo) implements Command {}

  /**
   * The names of the mounts.
   *
   * @param replyTo the names
   */
  public record ListMounts(ActorRef<List<String>> replyTo) implements Command {}

  /**
   * The mount actor of a name.
   *
   * @param name the name
   * @param replyTo the actor, if mounted
   */
  public record Find(String name, ActorRef<Optional<ActorRef<MountActor.Command>>> replyTo) implements Command {}

  /** Stop the registry and with it every mount (an engine attached to a system it does not own closes so). */
  public record Shutdown() implements Command {}

  private record Answered(String name, MountActor.Created created, ActorRef<MountActor.Created> replyTo)
      implements Command {}

  private record MountStopped(String name, ActorRef<MountActor.Command> mount, CompletableFuture<Void> gone)
      implements Command {}

  private final MountSettings settings;
  private final Map<String, ActorRef<MountActor.Command>> mounts = new HashMap<>();
  private long spawned;

  /** A registry whose mounts use {@code settings}. */
  public static Behavior<Command> create(MountSettings settings) {
    return Behaviors.setup(ctx -> new MountRegistry(ctx, settings));
  }

  private MountRegistry(ActorContext<Command> ctx, MountSettings settings) {
    super(ctx);
    this.settings = settings;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CreateMount.class, this::onCreate)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(MountStopped.class, this::onStopped)
        .onMessage(ListMounts.class, this::onList)
        .onMessage(Find.class, this::onFind)
        .onMessage(Shutdown.class, msg -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onCreate(CreateMount msg) {
    if (msg.name() == null || msg.name().isEmpty()) {
      msg.replyTo().tell(new MountActor.Refused(Errno.EINVAL, "a mount needs a name"));
      return this;
    }
    if (mounts.containsKey(msg.name())) {
      msg.replyTo().tell(new MountActor.Refused(Errno.EBUSY, msg.name() + " is already mounted"));
      return this;
    }
    ActorRef<MountActor.Created> answer = getContext().messageAdapter(MountActor.Created.class,
        created -> new Answered(msg.name(), created, msg.replyTo()));
    // Actor names must be unique even while an unmounted mount of the same name is still stopping.
    String actorName = "mount-" + URLEncoder.encode(msg.name(), StandardCharsets.UTF_8) + "-" + (++spawned);
    ActorRef<MountActor.Command> mount = getContext().spawn(MountActor.create(msg.name(), msg.mountFlags(),
        msg.mountedOn(), msg.args(), msg.server(), settings, msg.listeners(), msg.gone(), answer), actorName);
    // The name is taken at once, so that a second mount of it during the first's setup is refused too.
    mounts.put(msg.name(), mount);
    getContext().watchWith(mount, new MountStopped(msg.name(), mount, msg.gone()));
    return this;
  }

  private Behavior<Command> onAnswered(Answered msg) {
    if (msg.created() instanceof MountActor.Refused) {
      mounts.remove(msg.name());
    }
    msg.replyTo().tell(msg.created());
    return this;
  }

  private Behavior<Command> onStopped(MountStopped msg) {
    mounts.remove(msg.name(), msg.mount());
    msg.gone().complete(null);
    return this;
  }

  private Behavior<Command> onList(ListMounts msg) {
    msg.replyTo().tell(List.copyOf(new ArrayList<>(mounts.keySet())));
    return this;
  }

  private Behavior<Command> onFind(Find msg) {
    msg.replyTo().tell(Optional.ofNullable(mounts.get(msg.name())));
    return this;
  }
}
