package org.jpuffs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import org.apache.pekko.stream.javadsl.Sink;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.jpuffs.persistence.oplog.OpBatch;
import org.jpuffs.persistence.oplog.OpRecord;

/** The op-log query on the persistence testkit's in-memory journal and read journal. */
class SessionReaderOpLogTest {

  static final ActorTestKit testKit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(ConfigFactory.load("application-test")));
  static final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
  static final SessionReaderOpLog query = new SessionReaderOpLog(PersistenceQuery.get(testKit.system())
      .getReadJournalFor(PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier()));

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static OpRecord getattr(long seq) {
    return new OpRecord(seq, PuffsRequest.of(seq, Cookie.of(2), Cred.ROOT, 1, new VnOp.Getattr()),
        PuffsReply.error(seq, Errno.ENOENT), seq, seq + 1);
  }

  @Test
  void recordsOfOneSessionComeInOrderAcrossBatches() throws Exception {
    journal.persistForRecovery("oplog|q1", List.of(OpBatch.of(1, List.of(getattr(1), getattr(2))),
        OpBatch.of(2, List.of(getattr(1))), OpBatch.of(1, List.of(getattr(3)))));
    List<Long> seqs = query.records("q1", 1).map(OpRecord::seq).runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(1L, 2L, 3L), seqs);
  }

  @Test
  void recordsAreCountedPerSession() throws Exception {
    journal.persistForRecovery("oplog|q2", List.of(OpBatch.of(1, List.of(getattr(1), getattr(2))),
        OpBatch.of(2, List.of(getattr(1)))));
    assertEquals(Map.of(1L, 2L, 2L, 1L), query.recordsPerSession("q2", testKit.system()).toCompletableFuture()
        .get(10, TimeUnit.SECONDS));
  }

  @Test
  void aMountWithoutAnOpLogHasNoRecords() throws Exception {
    assertEquals(List.of(), query.records("nothing", 1).runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS));
  }
}
