package org.jpuffs.persistence.oplog;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jpuffs.persistence.JournalSerializable;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournaledBehavior;

/**
 * The op log of one mount name: persistence id {@code oplog|NAME}, one {@link OpBatch} event per group commit and one
 * {@link ServerSnapshotTaken} per server snapshot, between a session's {@link SessionStarted} and {@link SessionEnded}
 * marks. The writer is fed one batch at a time (the server link gathers everything that arrives meanwhile into the
 * next), so the automatic stash of a persisting behavior never holds more than that one command.
 *
 * <p>It keeps the latest session in memory for replay-mode recovery: the last {@code keepSnapshots} server snapshots
 * and the records after the oldest of them (every record, while the session has no snapshot). That window is its
 * state; it is saved to the snapshot store at each server snapshot, so a restarted engine reads the window and the
 * events after it, not the whole log. At record level {@code mutations} the events the saved window covers are then
 * deleted from the journal; at {@code full} they are kept (DESIGN.md: at {@code full} the op log is never deleted).
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
   * Journal that a server snapshot file is complete and durable.
   *
   * @param taken the snapshot
   * @param replyTo told the snapshots kept once it is written
   */
  public record RecordSnapshot(ServerSnapshotTaken taken, ActorRef<SnapshotRecorded> replyTo) implements Command {}

  /**
   * A server snapshot is journaled.
   *
   * @param kept the snapshots the log keeps now, newest first; files of others may be deleted
   */
  public record SnapshotRecorded(List<ServerSnapshotTaken> kept) {}

  /**
   * Answered once the op log has recovered (commands wait for recovery), so an engine can wait for every journal
   * read to finish before it closes the journal under it.
   *
   * @param replyTo told when the log is idle
   */
  public record Ping(ActorRef<Done> replyTo) implements Command {}

  /**
   * What replay-mode recovery needs of {@code session}.
   *
   * @param session the session
   * @param replyTo the snapshots and records (empty if the log's latest session is another)
   */
  public record Recall(long session, ActorRef<Recalled> replyTo) implements Command {}

  /**
   * What {@link Recall} found: the records kept, in order — those still {@link EncodedRecords encoded} first (all of
   * them at or before the newest snapshot), then the {@code recent} ones.
   *
   * @param recent the records after the encoded ones, decoded
   * @param snapshots the server snapshots kept, newest first
   * @param older records before {@code recent} that a restart read back but did not decode
   */
  public record Recalled(List<OpRecord> recent, List<ServerSnapshotTaken> snapshots, EncodedRecords older) {
    public Recalled {
      recent = List.copyOf(recent);
      snapshots = List.copyOf(snapshots);
      older = older == null ? EncodedRecords.NONE : older;
    }

    /** Every record kept, nothing encoded. */
    public Recalled(List<OpRecord> records, List<ServerSnapshotTaken> snapshots) {
      this(records, snapshots, EncodedRecords.NONE);
    }

    /** Every record kept, in order; decodes the older ones. */
    public List<OpRecord> records() {
      if (older.isEmpty()) {
        return recent;
      }
      List<OpRecord> all = new ArrayList<>(older.count() + recent.size());
      all.addAll(older.records());
      all.addAll(recent);
      return all;
    }

    /** The records after {@code seq}, in order; decodes the older ones only if some of them are. */
    public List<OpRecord> after(long seq) {
      List<OpRecord> from = older.isEmpty() || older.lastSeq() <= seq ? recent : records();
      return from.stream().filter(r -> r.seq() > seq).toList();
    }

    /** How many records are kept, without decoding any. */
    public int count() {
      return older.count() + recent.size();
    }

    /** The seq of the last record kept, 0 if none. */
    public long lastSeq() {
      return recent.isEmpty() ? older.lastSeq() : recent.get(recent.size() - 1).seq();
    }

    /** The seq of the first record kept, 0 if none; decodes the older ones if there are. */
    public long firstSeq() {
      List<OpRecord> all = older.isEmpty() ? recent : older.records();
      return all.isEmpty() ? 0 : all.get(0).seq();
    }
  }

  /**
   * The window as the snapshot store keeps it. Since Session 15 the records a snapshot covers travel encoded
   * ({@code covered}), so that a restart does not decode them; a window saved before has them all in
   * {@code records} and no {@code covered}.
   *
   * @param session the session
   * @param snapshots the server snapshots kept, oldest first
   * @param records the records after the newest snapshot (before Session 15: after the oldest)
   * @param covered the records after the oldest snapshot up to the newest, encoded; null in an older window
   */
  public record SavedWindow(long session, List<ServerSnapshotTaken> snapshots, List<OpRecord> records,
      EncodedRecords covered) implements JournalSerializable {}

  /**
   * The latest session's window. Mutable on purpose: appending to a copy per batch would make replaying a long log
   * quadratic, and the state never leaves this actor (Recall answers with a copy, the snapshot store gets one).
   * After a restart the records a snapshot covers may still be encoded ({@code covered}); they precede
   * {@code records} and are decoded only if a newer snapshot has to keep some of them or a recall needs them.
   */
  public static final class Session {
    private final int keepSnapshots;
    private long session;
    private final ArrayList<ServerSnapshotTaken> snapshots = new ArrayList<>();
    private final ArrayList<OpRecord> records = new ArrayList<>();
    private EncodedRecords covered = EncodedRecords.NONE;

    Session(int keepSnapshots) {
      this.keepSnapshots = keepSnapshots;
    }

    Session apply(OpLogEvent event) {
      if (event instanceof SessionsDeleted deleted) {
        if (deleted.sessions().contains(session)) {
          clear();
        }
        return this;
      }
      if (event.session() != session) {
        session = event.session();
        clear();
      }
      if (event instanceof OpBatch batch) {
        records.addAll(batch.records());
      } else if (event instanceof ServerSnapshotTaken taken) {
        snapshots.add(taken);
        while (snapshots.size() > keepSnapshots) {
          snapshots.remove(0);
        }
        long oldest = snapshots.get(0).coveredSeq();
        if (!covered.isEmpty() && covered.lastSeq() > oldest) {
          // Some encoded records stay in the window (more than two snapshots kept): they are needed decoded now.
          records.addAll(0, covered.records());
        }
        covered = EncodedRecords.NONE;
        records.removeIf(r -> r.seq() <= oldest);
      }
      return this;
    }

    private void clear() {
      snapshots.clear();
      records.clear();
      covered = EncodedRecords.NONE;
    }

    Recalled recall(long wanted) {
      return wanted == session ? new Recalled(records, newestFirst(), covered)
          : new Recalled(List.of(), List.of());
    }

    List<ServerSnapshotTaken> newestFirst() {
      List<ServerSnapshotTaken> kept = new ArrayList<>(snapshots);
      java.util.Collections.reverse(kept);
      return kept;
    }

    SavedWindow save() {
      long newest = snapshots.isEmpty() ? 0 : snapshots.get(snapshots.size() - 1).coveredSeq();
      List<OpRecord> before = new ArrayList<>(covered.isEmpty() ? List.of() : covered.records());
      List<OpRecord> after = new ArrayList<>();
      for (OpRecord r : records) {
        (r.seq() <= newest ? before : after).add(r);
      }
      return new SavedWindow(session, List.copyOf(snapshots), after, EncodedRecords.of(before));
    }

    Session load(SavedWindow saved) {
      session = saved.session();
      snapshots.clear();
      snapshots.addAll(saved.snapshots());
      records.clear();
      records.addAll(saved.records());
      covered = saved.covered() == null ? EncodedRecords.NONE : saved.covered();
      return this;
    }
  }

  private final ActorSystem<?> system;
  private final int keepSnapshots;
  private final boolean deleteCovered;

  private OpLog(ActorSystem<?> system, String name, JournalPlugins plugins, int keepSnapshots,
      boolean deleteCovered) {
    // A failing journal is retried with back-off; the link's write times out meanwhile and its requests fail (EIO).
    super(persistenceId(name), plugins, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100),
        Duration.ofSeconds(5), 0.2));
    this.system = system;
    this.keepSnapshots = keepSnapshots;
    this.deleteCovered = deleteCovered;
  }

  /** The op log of mount {@code name}, keeping two server snapshots and every event. */
  public static Behavior<Command> create(String name, JournalPlugins plugins) {
    return create(name, plugins, 2, false);
  }

  /**
   * The op log of mount {@code name}.
   *
   * @param keepSnapshots how many server snapshots recovery may fall back on (at least 1)
   * @param deleteCovered delete the journal's events once a saved window covers them (record level
   *     {@code mutations}; never at {@code full})
   */
  public static Behavior<Command> create(String name, JournalPlugins plugins, int keepSnapshots,
      boolean deleteCovered) {
    if (keepSnapshots < 1) {
      throw new IllegalArgumentException("keep at least one server snapshot, not " + keepSnapshots);
    }
    return Behaviors.setup(ctx -> new OpLog(ctx.getSystem(), name, plugins, keepSnapshots, deleteCovered));
  }

  /** {@code oplog|NAME}. */
  public static PersistenceId persistenceId(String name) {
    return PersistenceId.of(ENTITY_TYPE, name);
  }

  @Override
  public Session emptyState() {
    return new Session(keepSnapshots);
  }

  @Override
  public CommandHandlerWithReply<Command, OpLogEvent, Session> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Append.class, (state, append) -> Effect().persist((OpLogEvent) append.batch())
            .thenReply(append.replyTo(), after -> new Appended(append.batch().records().size())))
        .onCommand(Mark.class, (state, mark) -> Effect().persist(mark.mark())
            .thenReply(mark.replyTo(), after -> Done.getInstance()))
        .onCommand(RecordSnapshot.class, (state, taken) -> Effect().persist((OpLogEvent) taken.taken())
            .thenReply(taken.replyTo(), after -> new SnapshotRecorded(after.newestFirst())))
        .onCommand(Ping.class, (state, ping) -> Effect().reply(ping.replyTo(), Done.getInstance()))
        .onCommand(Recall.class, (state, recall) -> Effect().reply(recall.replyTo(), state.recall(recall.session())))
        .build();
  }

  @Override
  public EventHandler<Session, OpLogEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(OpLogEvent.class, Session::apply).build();
  }

  /** The window is saved at every server snapshot: that is when it has just been trimmed. */
  @Override
  public boolean shouldSnapshot(Session state, OpLogEvent event, long sequenceNr) {
    return plugins().snapshots() && event instanceof ServerSnapshotTaken;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.disabled();
  }

  @Override
  public SnapshotAdapter<Session> snapshotAdapter() {
    // toJournal runs on the actor's thread; the copy is what the snapshot store serializes later, elsewhere.
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(Session state) {
        return state.save();
      }

      @Override
      public Session fromJournal(Object from) {
        return new Session(keepSnapshots).load((SavedWindow) from);
      }
    };
  }

  @Override
  public SignalHandler<Session> signalHandler() {
    return newSignalHandlerBuilder().onSignal(SnapshotCompleted.class, (state, done) -> forgetBefore(
        done.metadata().sequenceNr())).build();
  }

  /**
   * A saved window at {@code sequenceNr} makes older saved windows useless, and at {@code mutations} the events up to
   * it too. The typed API deletes only on its count-based schedule, so this asks the plugins directly.
   */
  private void forgetBefore(long sequenceNr) {
    org.apache.pekko.actor.ActorRef ignore = Adapter.toClassic(system.ignoreRef());
    Persistence persistence = Persistence.get(Adapter.toClassic(system));
    String pid = persistenceId().id();
    persistence.snapshotStoreFor(snapshotPluginId(), snapshotPluginConfig().orElse(ConfigFactory.empty()))
        .tell(new SnapshotProtocol.DeleteSnapshots(pid,
            org.apache.pekko.persistence.SnapshotSelectionCriteria.create(sequenceNr - 1, Long.MAX_VALUE)), ignore);
    if (deleteCovered) {
      persistence.journalFor(journalPluginId(), journalPluginConfig().orElse(ConfigFactory.empty()))
          .tell(new JournalProtocol.DeleteMessagesTo(pid, sequenceNr, ignore), ignore);
    }
  }
}
