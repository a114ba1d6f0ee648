package org.jpuffs.persistence.oplog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournaledBehavior;

/**
 * The op log of one mount name: persistence id {@code oplog|NAME}, one {@link OpBatch} event per group commit, between
 * a session's {@link SessionStarted} and {@link SessionEnded} marks. The
 * writer is fed one batch at a time (the server link gathers everything that arrives meanwhile into the next), so the
 * automatic stash of a persisting behavior never holds more than that one command.
 *
 * <p>It keeps the records of the latest session in memory for replay-mode recovery; that list is its state, too big
 * to snapshot, so the op log is never snapshotted and never deleted by snapshotting (DESIGN.md: at {@code full} the
 * op log is never deleted).
 */
public final class OpLog extends JournaledBehavior<OpLog.Command, OpLogEvent, OpLog.Session> {

  /** The persistence id type: ids are {@code oplog|NAME}. */
  public static final String ENTITY_TYPE = "oplog";

  /** What the op log understands. */
  public sealed interface Command {}

  /**
   * Journal {@code batch}; the answer comes once it is durable.
   *
   * @param batch the batch
   * @param replyTo told the batch's number of records when it is written
   */
  public record Append(OpBatch batch, ActorRef<Appended> replyTo) implements Command {}

  /**
   * The batch is durable.
   *
   * @param records how many records it held
   */
  public record Appended(int records) {}

  /**
   * Journal a session's start or end mark; the answer comes once it is durable. The mount sends the start before
   * any request of the session can reach the link, so the mark precedes the session's records.
   *
   * @param mark a {@link SessionStarted} or {@link SessionEnded}
   * @param replyTo told when the mark is written
   */
  public record Mark(OpLogEvent mark, ActorRef<Done> replyTo) implements Command {
    public Mark {
      if (!(mark instanceof SessionStarted || mark instanceof SessionEnded)) {
        throw new IllegalArgumentException("not a session mark: " + mark);
      }
    }
  }

  /**
   * Answered once the op log has recovered (commands wait for recovery), so an engine can wait for every journal
   * read to finish before it closes the journal under it.
   *
   * @param replyTo told when the log is idle
   */
  public record Ping(ActorRef<Done> replyTo) implements Command {}

  /**
   * The records of {@code session}, in order.
   *
   * @param session the session
   * @param replyTo the records (empty if the log's latest session is another)
   */
  public record Recall(long session, ActorRef<Recalled> replyTo) implements Command {}

  /**
   * What {@link Recall} found.
   *
   * @param records the records, in order
   */
  public record Recalled(List<OpRecord> records) {}

  /**
   * The latest session's records. Mutable on purpose: appending to a copy per batch would make replaying a long log
   * quadratic, and the state never leaves this actor (Recall answers with a copy).
   */
  public static final class Session {
    private long session;
    private final ArrayList<OpRecord> records = new ArrayList<>();

    Session apply(OpLogEvent event) {
      if (event instanceof SessionsDeleted deleted) {
        if (deleted.sessions().contains(session)) {
          records.clear();
        }
        return this;
      }
      if (event.session() != session) {
        session = event.session();
        records.clear();
      }
      if (event instanceof OpBatch batch) {
        records.addAll(batch.records());
      }
      return this;
    }

    List<OpRecord> recordsOf(long wanted) {
      return wanted == session ? List.copyOf(records) : List.of();
    }
  }

  private OpLog(String name, JournalPlugins plugins) {
    // A failing journal is retried with back-off; the link's write times out meanwhile and its requests fail (EIO).
    super(persistenceId(name), plugins, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100),
        Duration.ofSeconds(5), 0.2));
  }

  /** The op log of mount {@code name}. */
  public static Behavior<Command> create(String name, JournalPlugins plugins) {
    return new OpLog(name, plugins);
  }

  /** {@code oplog|NAME}. */
  public static PersistenceId persistenceId(String name) {
    return PersistenceId.of(ENTITY_TYPE, name);
  }

  @Override
  public Session emptyState() {
    return new Session();
  }

  @Override
  public CommandHandlerWithReply<Command, OpLogEvent, Session> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Append.class, (state, append) -> Effect().persist(append.batch())
            .thenReply(append.replyTo(), after -> new Appended(append.batch().records().size())))
        .onCommand(Mark.class, (state, mark) -> Effect().persist(mark.mark())
            .thenReply(mark.replyTo(), after -> Done.getInstance()))
        .onCommand(Ping.class, (state, ping) -> Effect().reply(ping.replyTo(), Done.getInstance()))
        .onCommand(Recall.class, (state, recall) -> Effect().reply(recall.replyTo(),
            new Recalled(state.recordsOf(recall.session()))))
        .build();
  }

  @Override
  public EventHandler<Session, OpLogEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Session::apply);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.disabled();
  }
}
