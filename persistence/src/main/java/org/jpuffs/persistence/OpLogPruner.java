package org.jpuffs.persistence;

import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.Status;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.DeleteMessagesFailure;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.Recovery;
import org.jpuffs.persistence.journal.JournalConfig;
import org.jpuffs.persistence.oplog.SessionsDeleted;

/**
 * Deletes sessions from an op log ({@code oplog|NAME}) of a data dir no engine holds: journals the
 * {@link SessionsDeleted} mark, then deletes the events of the journal's prefix that belongs to deleted sessions only.
 * A classic persistent actor because typed event sourcing deletes events only behind snapshots; it recovers nothing
 * ({@link Recovery#none()}: it only needs the highest sequence number to append after).
 */
final class OpLogPruner extends AbstractPersistentActor {

  /**
   * Journal {@code mark}, then delete the events up to {@code deleteUpTo} (0: none); answered {@link Done}.
   *
   * @param mark the sessions deleted
   * @param deleteUpTo the highest sequence number to delete
   */
  record Prune(SessionsDeleted mark, long deleteUpTo) {}

  private final String persistenceId;
  private ActorRef waiting;

  private OpLogPruner(String mount) {
    this.persistenceId = SessionReaderOpLog.PREFIX + mount;
  }

  /** A pruner of {@code mount}'s op log in the session reader's journal plugin. */
  static Props props(String mount) {
    return Props.create(OpLogPruner.class, () -> new OpLogPruner(mount));
  }

  @Override
  public String persistenceId() {
    return persistenceId;
  }

  @Override
  public String journalPluginId() {
    // A constant, not a field: the persistent actor's base class asks for it before this class's fields are set.
    return LevelDbSessionReader.JOURNAL_ID;
  }

  @Override
  public String snapshotPluginId() {
    return JournalConfig.NO_SNAPSHOTS;
  }

  @Override
  public Recovery recovery() {
    return Recovery.none();
  }

  @Override
  public Receive createReceiveRecover() {
    return receiveBuilder().matchAny(event -> { }).build();
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Prune.class, this::onPrune)
        .match(DeleteMessagesSuccess.class, deleted -> answer(Done.getInstance()))
        .match(DeleteMessagesFailure.class, failed -> answer(new Status.Failure(failed.cause())))
        .build();
  }

  private void onPrune(Prune prune) {
    ActorRef from = getSender();
    persist(prune.mark(), written -> {
      if (prune.deleteUpTo() > 0) {
        waiting = from;
        deleteMessages(prune.deleteUpTo());
      } else {
        from.tell(Done.getInstance(), getSelf());
      }
    });
  }

  private void answer(Object answer) {
    if (waiting != null) {
      waiting.tell(answer, getSelf());
      waiting = null;
    }
  }
}
