package org.jpuffs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.recovery.LinkStatus;
import org.jpuffs.servers.memfs.MemFs;

/**
 * The journal's cost and recovery time, measured through the whole engine on a LevelDB data dir (a plain harness, not
 * JMH: each figure is one long run after a warm-up, which is what group commit and replay need).
 *
 * <pre>
 *   java -cp "bench/target/jpuffs-bench.jar:bench/target/lib/*" org.jpuffs.bench.JournalBenchmark [ops] [outstanding] [recovery-lengths...]
 * </pre>
 *
 * <ul>
 *   <li>journaled mutations per second on one memfs mount (writes of 64 bytes to 64 files, {@code outstanding} in
 *   flight at once, page cache off so that each write reaches the server), with fsync on and off, and the same at record level none as the baseline without op log;</li>
 *   <li>recovery time against journal length, without server snapshots and with one every
 *   {@value #SNAPSHOT_EVERY} mutations: the engine restarted in a fresh actor system, the mount restored and a new
 *   memfs attached, until it has restored the newest snapshot (if any) and replayed the op log after it.</li>
 * </ul>
 * Set {@code -Djpuffs.bench.skip-writes=true} to run the recovery part only, and
 * {@code -Djpuffs.bench.snapshot-every=0,10000} (the default) for the snapshot intervals of the recovery runs.
 */
public final class JournalBenchmark {

  private static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  private static final int FILES = 64;
  private static final int SNAPSHOT_EVERY = 10_000;

  private JournalBenchmark() {}

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int outstanding = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    List<Integer> lengths = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      lengths.add(Integer.parseInt(args[i]));
    }
    if (lengths.isEmpty()) {
      lengths = List.of(10_000, 100_000);
    }
    List<String> writeRuns = Boolean.getBoolean("jpuffs.bench.skip-writes") ? List.of()
        : List.of("fsync off", "fsync on", "record level none (no op log)");
    for (String run : writeRuns) {
      boolean fsync = run.equals("fsync on");
      RecordLevel level = run.startsWith("record") ? RecordLevel.NONE : RecordLevel.MUTATIONS;
      Path data = Files.createTempDirectory("jpuffs-bench");
      try (PuffsEngine engine = PuffsEngine.start(config(data, fsync, 0))) {
        Mount mount = mount(engine, level);
        writes(mount, Math.min(ops, 20_000), outstanding);
        long start = System.nanoTime();
        writes(mount, ops, outstanding);
        double seconds = (System.nanoTime() - start) / 1e9;
        LinkStatus link = mount.info().toCompletableFuture().get(1, TimeUnit.MINUTES).link();
        System.out.printf("writes, %s: %d ops in %.2f s = %.0f ops/s (%d outstanding; %d records in %d op-log "
            + "writes)%n", run, ops, seconds, ops / seconds, outstanding, link.journaled(), link.batches());
      } finally {
        deleteTree(data);
      }
    }
    for (int length : lengths) {
      for (String every : System.getProperty("jpuffs.bench.snapshot-every", "0," + SNAPSHOT_EVERY).split(",")) {
        recovery(length, Integer.parseInt(every.trim()), outstanding);
      }
    }
  }

  /** Journals {@code length} writes, then restarts the engine and times the recovery of the mount. */
  private static void recovery(int length, int snapshotEvery, int outstanding) throws Exception {
    Path data = Files.createTempDirectory("jpuffs-bench");
    try {
      double writeSeconds;
      try (PuffsEngine engine = PuffsEngine.start(config(data, false, snapshotEvery))) {
        long start = System.nanoTime();
        writes(mount(engine, RecordLevel.MUTATIONS), length, outstanding);
        writeSeconds = (System.nanoTime() - start) / 1e9;
      }
      System.gc();
      long start = System.nanoTime();
      try (PuffsEngine engine = PuffsEngine.start(config(data, false, snapshotEvery))) {
        long restored = System.nanoTime();
        Mount mount = engine.restored().get("bench");
        mount.attach(server(engine)).toCompletableFuture().get(10, TimeUnit.MINUTES);
        long replayed = System.nanoTime();
        LinkStatus link = mount.info().toCompletableFuture().get(1, TimeUnit.MINUTES).link();
        System.out.printf("recovery of %d journaled mutations, %s: engine start + restore %.2f s, snapshot restore "
            + "+ replay of %d mutation(s) after record %d %.2f s, total %.2f s (journaling them took %.1f s, "
            + "%.0f ops/s)%n", length, snapshotEvery == 0 ? "no snapshots" : "snapshot every " + snapshotEvery,
            (restored - start) / 1e9, link.replayTotal(), link.restoredFrom(), (replayed - restored) / 1e9,
            (replayed - start) / 1e9, writeSeconds, length / writeSeconds);
      }
    } finally {
      deleteTree(data);
    }
  }

  private static Config config(Path data, boolean fsync, int snapshotEvery) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + data + "\", fsync = " + fsync
        + " }\npekko.loglevel = WARNING\njpuffs.engine.request-timeout = 120s\n"
        + "jpuffs.engine.recovery.server-snapshot-every = " + snapshotEvery).withFallback(ConfigFactory.load());
  }

  private static ActorRef<ServerRuntime.Command> server(PuffsEngine engine) {
    return engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs-" + System.nanoTime(),
        Props.empty());
  }

  private static Mount mount(PuffsEngine engine, RecordLevel level) throws Exception {
    // Without the page cache: every write is a request to the server, so every write is a journaled mutation (the
    // write-back cache would merge these small writes into a few).
    return engine.mount(MountRequest.of("bench").withRecordLevel(level).withExtraKflags(KFlags.NOCACHE_PAGE),
        server(engine)).toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  /** {@code ops} writes spread over the files, at most {@code outstanding} in flight. */
  private static void writes(Mount mount, int ops, int outstanding) throws Exception {
    Vnode root = mount.root().toCompletableFuture().get(1, TimeUnit.MINUTES);
    List<Vnode> files = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      String name = "f" + i;
      CompletionStage<Vnode> file = root.lookup(name, Cred.ROOT)
          .exceptionallyCompose(missing -> root.create(name, FILE, Cred.ROOT));
      files.add(file.toCompletableFuture().get(1, TimeUnit.MINUTES));
    }
    Semaphore window = new Semaphore(outstanding);
    AtomicLong failed = new AtomicLong();
    Bytes data = Bytes.of(new byte[64]);
    List<CompletableFuture<Void>> last = new ArrayList<>();
    for (int op = 0; op < ops; op++) {
      window.acquire();
      Vnode file = files.get(op % FILES);
      CompletableFuture<Void> done = file.write((op / FILES % 1024) * 64L, data, 0, Cred.ROOT).toCompletableFuture()
          .whenComplete((ok, failure) -> {
            if (failure != null) {
              failed.incrementAndGet();
            }
            window.release();
          });
      if (op >= ops - outstanding) {
        last.add(done);
      }
    }
    CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).exceptionally(failure -> null)
        .get(10, TimeUnit.MINUTES);
    window.acquire(outstanding);
    window.release(outstanding);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " writes failed");
    }
    files.forEach(Vnode::release);
    root.release();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

}
