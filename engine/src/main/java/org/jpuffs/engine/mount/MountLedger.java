package org.jpuffs.engine.mount;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.persistence.JournalSerializable;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournaledBehavior;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable half of a mount: an event-sourced behavior under persistence id {@code mount|NAME} that journals the
 * mount's lifecycle ({@link MountEvent}) and snapshots its {@link Ledger} every N events. The {@link MountActor} is
 * the run-time half (node actors, requests in flight, the server link); it writes every lifecycle change here and
 * waits for the write before it answers the client, so what a client was told survives the JVM.
 *
 * <p>It outlives sessions: after an unmount the ledger keeps the session count, so the next mount of the name opens
 * session N + 1.
 */
public final class MountLedger
    extends JournaledBehavior<MountLedger.Command, MountEvent, MountLedger.Ledger> {

  private static final Logger LOG = LoggerFactory.getLogger(MountLedger.class);

  /** The persistence id type: ids are {@code mount|NAME}. */
  public static final String ENTITY_TYPE = "mount";

  private static final int MAX_RESTARTS = 3;

  /** What the ledger understands. */
  public sealed interface Command {}

  /**
   * Opens a new session of the name (VFS_MOUNT passed its checks), with the first server attached at epoch 1.
   * Refused with {@link Answer#refused} if the name's last session has not ended: that mount must be restored.
   *
   * @param mountFlags the mount flags
   * @param recordLevel the record level
   * @param mountedOn the mount point
   * @param args the sanitized arguments
   * @param statvfs the initial statvfs
   * @param server the server's path, for the log
   * @param replyTo the ledger after the write, or the refusal
   */
  public record Begin(int mountFlags, RecordLevel recordLevel, String mountedOn, MountArgs args, Statvfs statvfs,
      String server, ActorRef<Answer> replyTo) implements Command {}

  /**
   * Journals {@code events} atomically (one write) and answers once they are durable.
   *
   * @param events the events, in order
   * @param replyTo the ledger after the write
   */
  public record Append(List<MountEvent> events, ActorRef<Answer> replyTo) implements Command {}

  /**
   * The ledger as recovered from the journal.
   *
   * @param replyTo the ledger
   */
  public record Recall(ActorRef<Answer> replyTo) implements Command {}

  /**
   * The ledger's answer.
   *
   * @param ledger the ledger after the command
   * @param refused why a Begin was refused, or null
   */
  public record Answer(Ledger ledger, String refused) {}

  /**
   * What the journal knows of a mount name: how many sessions it had and the state of the last one.
   *
   * @param sessions the number of sessions begun (0: never mounted)
   * @param current the last session's state, or null if never mounted
   */
  public record Ledger(long sessions, MountState current) implements JournalSerializable {

    /** The ledger of a name never mounted. */
    public static Ledger empty() {
      return new Ledger(0, null);
    }

    /** {@code true} if the last session began and has not ended: the mount is to be restored. */
    public boolean live() {
      return current != null && current.status() != MountStatus.UNMOUNTED;
    }

    Ledger apply(MountEvent event) {
      if (event instanceof MountEvent.Mounted mounted) {
        return new Ledger(mounted.session(), MountState.of(mounted));
      }
      if (current == null) {
        throw new IllegalStateException("event " + event + " before the mount");
      }
      return new Ledger(sessions, current.apply(event));
    }
  }

  private final String name;
  private MountLedger(String name, JournalPlugins plugins) {
    // A journal that fails is retried with back-off a few times; then the ledger stops and the mount reports it.
    super(persistenceId(name), plugins, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100),
        Duration.ofSeconds(2), 0.2).withMaxRestarts(MAX_RESTARTS));
    this.name = name;
  }

  /** The ledger of mount {@code name}, journaled with {@code plugins}. */
  public static Behavior<Command> create(String name, JournalPlugins plugins) {
    return Behaviors.setup(ctx -> new MountLedger(name, plugins));
  }

  /** {@code mount|NAME}. */
  public static PersistenceId persistenceId(String name) {
    return PersistenceId.of(ENTITY_TYPE, name);
  }

  @Override
  public Ledger emptyState() {
    return Ledger.empty();
  }

  @Override
  public CommandHandlerWithReply<Command, MountEvent, Ledger> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Begin.class, this::onBegin)
        .onCommand(Append.class, (ledger, append) -> Effect().persist(append.events())
            .thenReply(append.replyTo(), after -> new Answer(after, null)))
        .onCommand(Recall.class, (ledger, recall) -> Effect().reply(recall.replyTo(), new Answer(ledger, null)))
        .build();
  }

  private ReplyEffect<MountEvent, Ledger> onBegin(Ledger ledger, Begin begin) {
    if (ledger.live()) {
      return Effect().reply(begin.replyTo(), new Answer(ledger,
          name + " session " + ledger.sessions() + " has not ended (" + ledger.current().status() + ")"));
    }
    List<MountEvent> events = List.of(
        new MountEvent.Mounted(name, ledger.sessions() + 1, begin.mountFlags(), begin.recordLevel(),
            begin.mountedOn(), begin.args(), begin.statvfs()),
        new MountEvent.ServerAttached(1, begin.server()));
    return Effect().persist(events).thenReply(begin.replyTo(), after -> new Answer(after, null));
  }

  @Override
  public EventHandler<Ledger, MountEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Ledger::apply);
  }

  @Override
  public SignalHandler<Ledger> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), ledger -> LOG.debug("{}: ledger recovered, {} session(s)", name,
            ledger.sessions()))
        .onSignal(RecoveryFailed.class, (ledger, failed) -> LOG.error("{}: the journal of {} cannot be read", name,
            persistenceId(name), failed.getFailure()))
        .build();
  }
}
