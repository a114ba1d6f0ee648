package org.jpuffs.persistence.oplog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.journal.JournalConfig;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournalSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The op log keeps the last {@code keep} server snapshots and the records after the oldest of them, and a restarted
 * engine gets that window back from the saved window and the events after it.
 */
class OpLogWindowTest {

  /** A fresh LevelDB journal (and a cold JIT) can take seconds on a loaded machine; this is not a timing test. */
  private static final Duration FIRST_WRITE = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  private static OpRecord record(long seq) {
    return new OpRecord(seq, PuffsRequest.of(seq, Cookie.of(2), Cred.ROOT, 1, new VnOp.Getattr()),
        PuffsReply.error(seq, Errno.ENOENT), seq, seq + 1);
  }

  private static ServerSnapshotTaken snapshot(long covered) {
    return new ServerSnapshotTaken(ServerSnapshotTaken.CURRENT_VERSION, 1, "s1-r" + covered + ".snapshot", covered,
        10, 20, List.of(new ServerSnapshotTaken.CookiePair(Cookie.of(7), Cookie.of(9))));
  }

  private static void append(ActorTestKit kit, ActorRef<OpLog.Command> log, long... seqs) {
    TestProbe<OpLog.Appended> probe = kit.createTestProbe();
    List<OpRecord> records = java.util.Arrays.stream(seqs).mapToObj(OpLogWindowTest::record).toList();
    log.tell(new OpLog.Append(OpBatch.of(1, records), probe.ref()));
    probe.expectMessage(FIRST_WRITE, new OpLog.Appended(seqs.length));
  }

  private static List<ServerSnapshotTaken> take(ActorTestKit kit, ActorRef<OpLog.Command> log, long covered) {
    TestProbe<OpLog.SnapshotRecorded> probe = kit.createTestProbe();
    log.tell(new OpLog.RecordSnapshot(snapshot(covered), probe.ref()));
    return probe.receiveMessage(FIRST_WRITE).kept();
  }

  private static OpLog.Recalled recall(ActorTestKit kit, ActorRef<OpLog.Command> log) {
    TestProbe<OpLog.Recalled> probe = kit.createTestProbe();
    log.tell(new OpLog.Recall(1, probe.ref()));
    return probe.receiveMessage(FIRST_WRITE);
  }

  private static List<Long> seqs(OpLog.Recalled recalled) {
    return recalled.records().stream().map(OpRecord::seq).toList();
  }

  /** The LevelDB journal and snapshot store under this test's temporary data dir, fsync off. */
  private JournalPlugins levelDb(Config config, String id) throws IOException {
    // An engine makes its data dir before it journals (DataDirLock); the LevelDB port does not.
    Files.createDirectories(tmp.resolve("data").resolve("journal"));
    return JournalConfig.plugins(JournalSettings.levelDb(tmp.resolve("data")).withFsync(false), config, id);
  }

  private static List<Long> covered(List<ServerSnapshotTaken> snapshots) {
    return snapshots.stream().map(ServerSnapshotTaken::coveredSeq).toList();
  }

  @Test
  void theWindowKeepsTheLastSnapshotsAndTheRecordsAfterTheOldestAcrossARestart() throws IOException {
    Config config = ConfigFactory.load();
    JournalPlugins plugins = levelDb(config, "w");
    ActorTestKit first = ActorTestKit.create("first", config);
    try {
      ActorRef<OpLog.Command> log = first.spawn(OpLog.create("w", plugins, 2, true));
      append(first, log, 1, 2, 3);
      assertEquals(List.of(3L), covered(take(first, log, 3)));
      append(first, log, 4, 5);
      append(first, log, 6);
      assertEquals(List.of(5L, 3L), covered(take(first, log, 5)), "newest first");
      append(first, log, 7);
      assertEquals(List.of(6L, 5L), covered(take(first, log, 6)), "only two are kept");
      append(first, log, 8);
      OpLog.Recalled recalled = recall(first, log);
      assertEquals(List.of(6L, 7L, 8L), seqs(recalled), "the records after the oldest snapshot kept");
      assertEquals(List.of(6L, 5L), covered(recalled.snapshots()));
    } finally {
      first.shutdownTestKit();
    }
    ActorTestKit second = ActorTestKit.create("second", config);
    try {
      ActorRef<OpLog.Command> log = second.spawn(OpLog.create("w", plugins, 2, true));
      OpLog.Recalled recalled = recall(second, log);
      assertTrue(recalled.older().isEncoded(), "the records the newest snapshot covers come back undecoded");
      assertEquals(1, recalled.older().count());
      assertEquals(List.of(7L, 8L), recalled.after(6).stream().map(OpRecord::seq).toList());
      assertTrue(recalled.older().isEncoded(), "a recovery from the newest snapshot decodes nothing more");
      assertEquals(List.of(6L, 7L, 8L), seqs(recalled), "a fallback decodes them");
      assertEquals(List.of(6L, 5L), covered(recalled.snapshots()));
      assertEquals(snapshot(6), recalled.snapshots().get(0), "the snapshot event comes back whole, cookies too");
    } finally {
      second.shutdownTestKit();
    }
  }

  @Test
  void encodedRecordsAStillKeptSnapshotNeedsAreDecodedWhenTheNextSnapshotComes() throws IOException {
    Config config = ConfigFactory.load();
    JournalPlugins plugins = levelDb(config, "k");
    ActorTestKit first = ActorTestKit.create("keep3first", config);
    try {
      ActorRef<OpLog.Command> log = first.spawn(OpLog.create("k", plugins, 3, true));
      append(first, log, 1, 2, 3);
      take(first, log, 3);
      append(first, log, 4, 5);
      take(first, log, 5);
      append(first, log, 6);
      assertEquals(List.of(6L, 5L, 3L), covered(take(first, log, 6)));
      append(first, log, 7, 8);
    } finally {
      first.shutdownTestKit();
    }
    ActorTestKit second = ActorTestKit.create("keep3second", config);
    try {
      ActorRef<OpLog.Command> log = second.spawn(OpLog.create("k", plugins, 3, true));
      assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(recall(second, log)));
      append(second, log, 9);
      // Snapshot 3 goes; 6, which was encoded, stays in the window after snapshot 5.
      assertEquals(List.of(8L, 6L, 5L), covered(take(second, log, 8)));
      OpLog.Recalled recalled = recall(second, log);
      assertEquals(List.of(6L, 7L, 8L, 9L), seqs(recalled));
      assertTrue(recalled.older().isEmpty(), "the running op log holds its window decoded");
    } finally {
      second.shutdownTestKit();
    }
  }

  @Test
  void aSessionWithoutSnapshotsKeepsEveryRecord() {
    Config config = ConfigFactory.load();
    JournalPlugins plugins = JournalConfig.plugins(JournalSettings.inMemory(), config, "m");
    ActorTestKit kit = ActorTestKit.create("mem", config);
    try {
      ActorRef<OpLog.Command> log = kit.spawn(OpLog.create("m", plugins));
      append(kit, log, 1, 2);
      append(kit, log, 3);
      OpLog.Recalled recalled = recall(kit, log);
      assertEquals(List.of(1L, 2L, 3L), seqs(recalled));
      assertEquals(List.of(), recalled.snapshots());
    } finally {
      kit.shutdownTestKit();
    }
  }
}
