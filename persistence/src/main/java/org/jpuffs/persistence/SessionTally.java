package org.jpuffs.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.jpuffs.persistence.oplog.OpBatch;
import org.jpuffs.persistence.oplog.SessionEnded;
import org.jpuffs.persistence.oplog.SessionStarted;
import org.jpuffs.persistence.oplog.SessionsDeleted;
import org.jpuffs.persistence.oplog.StateSummary;

/**
 * What one pass over a mount's op log learns about its sessions: their marks, record counts and where their events
 * lie in the journal (sequence numbers, for pruning). Records are counted, not kept, and a final state is kept only
 * for the session asked for, so a tally stays small however long the log is.
 *
 * <p>Mutable, for a stream fold on one thread.
 */
final class SessionTally {

  /** One session as the log shows it. */
  static final class Session {
    final long number;
    SessionStarted started;
    Instant ended;
    Optional<StateSummary> finalState = Optional.empty();
    long ops;
    long firstSeqNr = Long.MAX_VALUE;
    long lastSeqNr;

    Session(long number) {
      this.number = number;
    }

    /** {@code true} once the session's start mark has been read (sessions recorded without one are not listed). */
    boolean listed() {
      return started != null;
    }
  }

  private final String mount;
  private final OptionalLong summaryOf;
  private final TreeMap<Long, Session> sessions = new TreeMap<>();
  private final Set<Long> deleted = new HashSet<>();

  /**
   * An empty tally of {@code mount}'s log.
   *
   * @param summaryOf the session whose final state to keep; empty: keep none
   */
  SessionTally(String mount, OptionalLong summaryOf) {
    this.mount = mount;
    this.summaryOf = summaryOf;
  }

  /** Adds one event of the log. */
  SessionTally add(EventEnvelope envelope) {
    Object event = envelope.event();
    if (event instanceof SessionsDeleted marked) {
      deleted.addAll(marked.sessions());
      return this;
    }
    Session session;
    if (event instanceof OpBatch batch) {
      session = session(batch.session());
      session.ops += batch.records().size();
    } else if (event instanceof SessionStarted started) {
      session = session(started.session());
      session.started = started;
    } else if (event instanceof SessionEnded ended) {
      session = session(ended.session());
      session.ended = ended.at();
      if (summaryOf.isPresent() && summaryOf.getAsLong() == ended.session()) {
        session.finalState = ended.summary();
      }
    } else {
      return this;
    }
    session.firstSeqNr = Math.min(session.firstSeqNr, envelope.sequenceNr());
    session.lastSeqNr = Math.max(session.lastSeqNr, envelope.sequenceNr());
    return this;
  }

  private Session session(long number) {
    return sessions.computeIfAbsent(number, Session::new);
  }

  /** The sessions not deleted that have a start mark, by number. */
  List<SessionInfo> infos() {
    List<SessionInfo> infos = new ArrayList<>();
    for (Session s : sessions.values()) {
      if (s.listed() && !deleted.contains(s.number)) {
        infos.add(info(s));
      }
    }
    return infos;
  }

  private SessionInfo info(Session s) {
    return new SessionInfo(mount, s.number, s.started.at(), Optional.ofNullable(s.ended), s.ops,
        s.started.recordLevel(), s.started.rootCookie(), s.finalState);
  }

  /** Every session with events in the log, deleted or not, by number. */
  List<Long> inJournal() {
    return List.copyOf(sessions.keySet());
  }

  /** The last session of the log (deleted or not), if there is one. */
  Optional<Session> last() {
    return sessions.isEmpty() ? Optional.empty() : Optional.of(sessions.lastEntry().getValue());
  }

  /**
   * The highest sequence number up to which every event belongs to a deleted session, once {@code deleting} are
   * deleted too: events up to there can go from the journal. 0 if the first session stays.
   */
  long prunableUpTo(Set<Long> deleting) {
    long upTo = 0;
    List<Session> inJournalOrder = new ArrayList<>(sessions.values());
    inJournalOrder.sort((a, b) -> Long.compare(a.firstSeqNr, b.firstSeqNr));
    for (Session s : inJournalOrder) {
      if (!deleted.contains(s.number) && !deleting.contains(s.number)) {
        break;
      }
      upTo = Math.max(upTo, s.lastSeqNr);
    }
    return upTo;
  }
}
