package org.jpuffs.persistence;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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

  /** How many records each session of {@code mount} has, by session number. */
  public CompletionStage<Map<Long, Long>> recordsPerSession(String mount, ActorSystem<?> system) {
    return batches(mount).runWith(Sink.fold(new TreeMap<Long, Long>(), (counts, batch) -> {
      counts.merge(batch.session(), (long) batch.records().size(), Long::sum);
      return counts;
    }), system).thenApply(Map::copyOf);
  }
}
