package org.jpuffs.persistence;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.jpuffs.persistence.oplog.OpBatch;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * The op log of a mount read back through Pekko persistence query: the {@link OpBatch} events of persistence id
 * {@code oplog|NAME}, streamed (never a whole session in memory). Works on any read journal that answers
 * {@link CurrentEventsByPersistenceIdQuery}: the LevelDB read journal of a data dir, or an in-memory one in tests.
 * The op-log half of a {@link SessionReader}.
 */
public final class SessionReaderOpLog {

  /** The persistence id prefix of op logs: {@code oplog|NAME}. */
  public static final String PREFIX = "oplog|";

  private final CurrentEventsByPersistenceIdQuery journal;

  /** A query over {@code journal}. */
  public SessionReaderOpLog(CurrentEventsByPersistenceIdQuery journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /** The batches of {@code mount}'s op log journaled so far, in order. */
  public Source<OpBatch, NotUsed> batches(String mount) {
    return journal.currentEventsByPersistenceId(PREFIX + mount, 0L, Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .filter(OpBatch.class::isInstance)
        .map(OpBatch.class::cast);
  }

  /** The records of session {@code session} of {@code mount}, in order. */
  public Source<OpRecord, NotUsed> records(String mount, long session) {
    return batches(mount).filter(batch -> batch.session() == session).mapConcat(OpBatch::records);
  }

  /**
   * The sessions of {@code mount} that have a start mark and were not deleted, by number, without their final
   * states (one pass over the log, counting records).
   */
  public CompletionStage<List<SessionInfo>> sessions(String mount, ActorSystem<?> system) {
    return tally(mount, OptionalLong.empty(), system).thenApply(SessionTally::infos);
  }

  /**
   * Session {@code session} of {@code mount} with its final state, or its last session when {@code session} is
   * empty.
   */
  public CompletionStage<Optional<SessionInfo>> session(String mount, OptionalLong session, ActorSystem<?> system) {
    if (session.isEmpty()) {
      return sessions(mount, system).thenCompose(all -> all.isEmpty()
          ? CompletableFuture.completedFuture(Optional.<SessionInfo>empty())
          : session(mount, OptionalLong.of(all.get(all.size() - 1).session()), system));
    }
    return tally(mount, session, system).thenApply(t -> t.infos().stream()
        .filter(info -> info.session() == session.getAsLong()).findFirst());
  }

  /** One pass over {@code mount}'s log, keeping the final state of {@code summaryOf}. */
  CompletionStage<SessionTally> tally(String mount, OptionalLong summaryOf, ActorSystem<?> system) {
    return journal.currentEventsByPersistenceId(PREFIX + mount, 0L, Long.MAX_VALUE)
        .runWith(Sink.fold(new SessionTally(mount, summaryOf), SessionTally::add), system);
  }

  /** How many records each session of {@code mount} has, by session number. */
  public CompletionStage<Map<Long, Long>> recordsPerSession(String mount, ActorSystem<?> system) {
    return batches(mount).runWith(Sink.fold(new TreeMap<Long, Long>(), (counts, batch) -> {
      counts.merge(batch.session(), (long) batch.records().size(), Long::sum);
      return counts;
    }), system).thenApply(Map::copyOf);
  }
}
