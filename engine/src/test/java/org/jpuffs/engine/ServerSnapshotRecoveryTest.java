package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server snapshots bound a replay: every N journaled mutations the mount has memfs write its state to a file in the
 * data dir, and a new memfs is restored from the newest usable file and fed only the op log after it. A missing or
 * damaged file falls back to the one before; with none usable and the log trimmed behind them, the attach fails
 * instead of inventing state.
 */
class ServerSnapshotRecoveryTest {

  static final int EVERY = 150;

  @TempDir
  Path tmp;

  private Config config(Path dataDir) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + dataDir + "\"\n"
        + "engine.recovery.server-snapshot-every = " + EVERY + "\n"
        + "engine.request-timeout = 30s }")
        .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load());
  }

  private static ActorRef<ServerRuntime.Command> serve(PuffsEngine engine) {
    return engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs-" + System.nanoTime(),
        Props.empty());
  }

  private static List<Path> snapshotFiles(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve("server-snapshots"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".snapshot"))
          .sorted(Comparator.comparingLong(ServerSnapshotRecoveryTest::coveredSeq)).toList();
    }
  }

  /** The op-log record a snapshot file covers, from its name {@code sS-rN.snapshot}. */
  private static long coveredSeq(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(name.indexOf("-r") + 2, name.length() - ".snapshot".length()));
  }

  /** Runs a workload on a fresh engine and leaves the mount mounted; returns the workload for verification. */
  private RecoveryWorkload journal(Path data, String name, long seed) throws InterruptedException {
    RecoveryWorkload workload = new RecoveryWorkload(4, 300, seed);
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = await(engine.mount(MountRequest.of(name), serve(engine)));
      RecoveryWorkload.join(workload.start(mount));
      assertEquals(List.of(), List.copyOf(workload.failures));
      MountInfo info = await(mount.info());
      assertTrue(info.link().snapshots() >= 2, "snapshots were taken: " + info);
    }
    return workload;
  }

  @Test
  void aRestartedEngineRestoresTheNewestSnapshotAndReplaysOnlyTheLogAfterIt() throws Exception {
    Path data = tmp.resolve("data");
    RecoveryWorkload workload = journal(data, "mem", 21);
    List<Path> files = snapshotFiles(data);
    assertEquals(2, files.size(), "older snapshot files are deleted, two are kept: " + files);
    long newest = coveredSeq(files.get(1));
    try (Stream<Path> saved = Files.list(data.resolve("snapshots"))) {
      assertEquals(1, saved.filter(f -> f.getFileName().toString().contains("oplog")).count(),
          "the op log's saved window is replaced at each server snapshot, not accumulated");
    }

    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("mem");
      await(mount.attach(serve(engine)));
      MountInfo info = await(mount.info());
      assertEquals(newest, info.link().restoredFrom(), "restored from the newest snapshot: " + info);
      assertTrue(info.link().replayTotal() < EVERY * 2, "only the log after it was replayed: " + info);
      workload.verify(mount);
    }
  }

  @Test
  void aDamagedNewestSnapshotFallsBackToThePreviousOne() throws Exception {
    Path data = tmp.resolve("data");
    RecoveryWorkload workload = journal(data, "mem", 22);
    List<Path> files = snapshotFiles(data);
    byte[] bytes = Files.readAllBytes(files.get(1));
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(files.get(1), bytes);

    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("mem");
      await(mount.attach(serve(engine)));
      MountInfo info = await(mount.info());
      assertEquals(coveredSeq(files.get(0)), info.link().restoredFrom(), "the previous snapshot: " + info);
      workload.verify(mount);
    }
  }

  @Test
  void aMissingNewestSnapshotFallsBackToThePreviousOne() throws Exception {
    Path data = tmp.resolve("data");
    RecoveryWorkload workload = journal(data, "mem", 23);
    List<Path> files = snapshotFiles(data);
    Files.delete(files.get(1));

    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("mem");
      await(mount.attach(serve(engine)));
      assertEquals(coveredSeq(files.get(0)), await(mount.info()).link().restoredFrom());
      workload.verify(mount);
    }
  }

  @Test
  void withNoUsableSnapshotAndTheLogTrimmedBehindThemTheAttachFailsInsteadOfInventingState() throws Exception {
    Path data = tmp.resolve("data");
    journal(data, "mem", 24);
    for (Path file : snapshotFiles(data)) {
      Files.delete(file);
    }

    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("mem");
      assertEquals(Errno.EIO, errnoOf(mount.attach(serve(engine))));
      assertEquals(MountStatus.RECOVERING, await(mount.status()), "the mount still waits for a server");
    }
  }

  @Test
  void memfsCrashingAmongEightWritersIsRestoredFromASnapshotAndNoClientOpFails() throws InterruptedException {
    Path data = tmp.resolve("data");
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      AtomicBoolean kill = new AtomicBoolean();
      ActorRef<ServerRuntime.Command> first = engine.system().systemActorOf(ServerRuntime.create(new MemFs(),
          ServerRuntime.Settings.fromConfig(engine.system().settings().config()).withInterceptor(
              new RequestInterceptor() {
                @Override
                public Verdict onRequest(PuffsRequest request) {
                  return kill.get() ? Verdict.CRASH : Verdict.CONTINUE;
                }
              })), "memfs-first", Props.empty());
      Mount mount = await(engine.mount(MountRequest.of("mem"), first));
      RecoveryWorkload workload = new RecoveryWorkload(8, 250, 25);
      CountDownLatch crash = workload.after(8 * 250 * 2 / 3);
      List<Thread> writers = workload.start(mount);
      assertTrue(crash.await(2, TimeUnit.MINUTES));
      kill.set(true);
      TestProbe<Object> probe = TestProbe.create(engine.system());
      probe.awaitAssert(Duration.ofSeconds(20), () -> {
        MountInfo info = await(mount.info());
        assertEquals(MountStatus.RECOVERING, info.status());
        assertTrue(info.link().parked() > 0, "requests parked: " + info);
        return null;
      });

      await(mount.attach(serve(engine)));
      RecoveryWorkload.join(writers);
      assertEquals(List.of(), List.copyOf(workload.failures));
      MountInfo info = await(mount.info());
      assertTrue(info.link().restoredFrom() > 0, "the replay started from a snapshot: " + info);
      workload.verify(mount);
    }
  }
}
