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
 *   flight at once), with fsync on and off, and the same at record level none as the baseline without op log;</li>
 *   <li>recovery time against journal length: the engine restarted in a fresh actor system, the mount restored and a
 *   new memfs attached, until the replay of the op log is done.</li>
 * </ul>
 */
public final class JournalBenchmark {

  private static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  private static final int FILES = 64;

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
    for (String run : List.of("fsync off", "fsync on", "record level none (no op log)")) {
      boolean fsync = run.equals("fsync on");
      RecordLevel level = run.startsWith("record") ? RecordLevel.NONE : RecordLevel.MUTATIONS;
      Path data = Files.createTempDirectory("jpuffs-bench");
      try (PuffsEngine engine = PuffsEngine.start(config(data, fsync))) {
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
      Path data = Files.createTempDirectory("jpuffs-bench");
      try {
        try (PuffsEngine engine = PuffsEngine.start(config(data, false))) {
          writes(mount(engine, RecordLevel.MUTATIONS), length, outstanding);
        }
        long start = System.nanoTime();
        try (PuffsEngine engine = PuffsEngine.start(config(data, false))) {
          long restored = System.nanoTime();
          Mount mount = engine.restored().get("bench");
          mount.attach(server(engine)).toCompletableFuture().get(10, TimeUnit.MINUTES);
          long replayed = System.nanoTime();
          System.out.printf("recovery of %d journaled mutations: engine start + restore %.2f s, replay %.2f s, "
              + "total %.2f s%n", length, (restored - start) / 1e9, (replayed - restored) / 1e9,
              (replayed - start) / 1e9);
        }
      } finally {
        deleteTree(data);
      }
    }
  }

  private static Config config(Path data, boolean fsync) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + data + "\", fsync = " + fsync
        + " }\npekko.loglevel = WARNING\njpuffs.engine.request-timeout = 120s").withFallback(ConfigFactory.load());
  }

  private static ActorRef<ServerRuntime.Command> server(PuffsEngine engine) {
    return engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs-" + System.nanoTime(),
        Props.empty());
  }

  private static Mount mount(PuffsEngine engine, RecordLevel level) throws Exception {
    return engine.mount(MountRequest.of("bench").withRecordLevel(level), server(engine)).toCompletableFuture().get(1, TimeUnit.MINUTES);
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
