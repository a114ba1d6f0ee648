package org.jpuffs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.journal.DataDirInUseException;
import org.jpuffs.persistence.journal.DataDirLock;
import org.jpuffs.persistence.journal.JournalConfig;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournalSettings;
import org.jpuffs.persistence.oplog.OpBatch;
import org.jpuffs.persistence.oplog.OpLog;
import org.jpuffs.persistence.oplog.OpLogEvent;
import org.jpuffs.persistence.oplog.OpRecord;
import org.jpuffs.persistence.oplog.SessionEnded;
import org.jpuffs.persistence.oplog.SessionStarted;
import org.jpuffs.persistence.oplog.StateSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LevelDB session reader on a data dir an op log really wrote (the {@link OpLog} entity on the LevelDB journal,
 * configured as an engine configures it), after the writer's actor system is gone.
 */
class LevelDbSessionReaderTest {

  private static final Cookie ROOT = Cookie.of(2);
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123456Z");
  private static final StateSummary TREE = new StateSummary(List.of(
      new StateSummary.Entry("/", VType.VDIR, 64, 0755, ""),
      new StateSummary.Entry("/a", VType.VREG, 5, 0644,
          "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")));

  @TempDir
  Path tmp;
  Path dataDir;
  final Config config = ConfigFactory.load();

  @BeforeEach
  void record() {
    dataDir = tmp.resolve("data");
    dataDir.resolve("journal").toFile().mkdirs();
    JournalPlugins plugins = JournalConfig.plugins(JournalSettings.levelDb(dataDir), config, "w");
    ActorTestKit writer = ActorTestKit.create("writer", config);
    try {
      ActorRef<OpLog.Command> m1 = writer.spawn(OpLog.create("m1", plugins));
      mark(writer, m1, SessionStarted.of(1, T0, "full", ROOT));
      append(writer, m1, OpBatch.of(1, List.of(getattr(1), getattr(2))));
      append(writer, m1, OpBatch.of(1, List.of(getattr(3))));
      mark(writer, m1, SessionEnded.of(1, T0.plusSeconds(5), Optional.of(TREE)));
      mark(writer, m1, SessionStarted.of(2, T0.plusSeconds(10), "mutations", ROOT));
      append(writer, m1, OpBatch.of(2, List.of(getattr(1))));
      mark(writer, m1, SessionEnded.of(2, T0.plusSeconds(11), Optional.empty()));
      mark(writer, m1, SessionStarted.of(3, T0.plusSeconds(20), "full", ROOT));
      append(writer, m1, OpBatch.of(3, List.of(getattr(1), getattr(2))));
      ActorRef<OpLog.Command> m0 = writer.spawn(OpLog.create("m0", plugins));
      mark(writer, m0, SessionStarted.of(1, T0, "none", ROOT));
    } finally {
      writer.shutdownTestKit();
    }
  }

  private static void mark(ActorTestKit kit, ActorRef<OpLog.Command> log, OpLogEvent mark) {
    TestProbe<Done> probe = kit.createTestProbe();
    log.tell(new OpLog.Mark(mark, probe.ref()));
    probe.expectMessage(Done.getInstance());
  }

  private static void append(ActorTestKit kit, ActorRef<OpLog.Command> log, OpBatch batch) {
    TestProbe<OpLog.Appended> probe = kit.createTestProbe();
    log.tell(new OpLog.Append(batch, probe.ref()));
    probe.expectMessage(new OpLog.Appended(batch.records().size()));
  }

  private static OpRecord getattr(long seq) {
    return new OpRecord(seq, PuffsRequest.of(seq, ROOT, Cred.ROOT, 7, new VnOp.Getattr()),
        PuffsReply.error(seq, Errno.ENOENT), seq * 1000, seq * 1000 + 10);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void sessionsAreListedWithTheirMarksAndRecordCounts() throws Exception {
    try (SessionReader reader = SessionReader.open(dataDir)) {
      assertEquals(List.of(
              "m0 1 2026-12-04T10:00:00.123456Z - 0 none",
              "m1 1 2026-12-04T10:00:00.123456Z 2026-12-04T10:00:05.123456Z 3 full",
              "m1 2 2026-12-04T10:00:10.123456Z 2026-12-04T10:00:11.123456Z 1 mutations",
              "m1 3 2026-12-04T10:00:20.123456Z - 2 full"),
          await(reader.sessions()).stream().map(SessionInfo::line).toList());
    }
  }

  @Test
  void aSessionComesWithItsRootAndFinalStateAndItsRecordsStreamInOrder() throws Exception {
    try (SessionReader reader = SessionReader.open(dataDir)) {
      SessionInfo first = await(reader.session("m1", OptionalLong.of(1))).orElseThrow();
      assertEquals(ROOT, first.rootCookie());
      assertEquals(Optional.of(TREE), first.finalState());
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "read");
      try {
        assertEquals(List.of(1L, 2L, 3L), await(reader.records("m1", 1).map(OpRecord::seq)
            .runWith(Sink.seq(), system)));
      } finally {
        system.terminate();
      }
      assertEquals(3, await(reader.session("m1", OptionalLong.empty())).orElseThrow().session());
    }
  }

  @Test
  void aDataDirAnEngineHoldsIsReportedNotRead() {
    try (DataDirLock engine = DataDirLock.acquire(dataDir)) {
      DataDirInUseException e = assertThrows(DataDirInUseException.class, () -> SessionReader.open(dataDir));
      assertTrue(e.getMessage().contains("in use by"), e.getMessage());
    }
  }

  @Test
  void deletedSessionsAreNoLongerListedAndTheirPrefixLeavesTheJournal() throws Exception {
    try (SessionReader reader = SessionReader.open(dataDir)) {
      assertEquals(1, await(reader.delete("m1", OptionalLong.of(2))));
      assertEquals(1, await(reader.delete("m1", OptionalLong.of(1))));
    }
    try (SessionReader reader = SessionReader.open(dataDir)) {
      assertEquals(List.of("m0 1", "m1 3"), await(reader.sessions()).stream()
          .map(s -> s.mount() + " " + s.session()).toList());
      LevelDbSessionReader leveldb = (LevelDbSessionReader) reader;
      assertEquals(List.of(3L), await(leveldb.sessionsInJournal("m1")));
    }
  }

  @Test
  void theLastSessionOfAMountThatHasNotEndedIsNotDeleted() throws Exception {
    try (SessionReader reader = SessionReader.open(dataDir)) {
      CompletionException e = assertThrows(CompletionException.class,
          () -> reader.delete("m1", OptionalLong.of(3)).toCompletableFuture().join());
      assertTrue(e.getCause().getMessage().contains("m1 session 3 has not ended"), e.getCause().getMessage());
      assertEquals(0, await(reader.delete("m1", OptionalLong.of(9))));
    }
  }
}
