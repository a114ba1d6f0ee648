package org.jpuffs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.nio.PuffsFileSystems;
import org.jpuffs.servers.memfs.MemFs;

/**
 * Counts the requests each {@link NioBenchmark} workload sends to the server through {@code puffs:} (an interceptor on
 * the memfs runtime), so that the time a workload takes can be set against round trips × the cost of one:
 * {@code java -cp bench/target/jpuffs-bench.jar org.jpuffs.bench.NioRoundTrips}.
 */
public final class NioRoundTrips {

  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

  private NioRoundTrips() {}

  public static void main(String[] args) throws IOException {
    Config config = ConfigFactory.load();
    RequestInterceptor counter = new RequestInterceptor() {
      @Override
      public Verdict onRequest(PuffsRequest request) {
        COUNTS.computeIfAbsent(request.op().getClass().getSimpleName(), k -> new LongAdder()).increment();
        return Verdict.CONTINUE;
      }
    };
    try (PuffsEngine engine = PuffsEngine.start(config)) {
      ActorRef<ServerRuntime.Command> server = engine.system().systemActorOf(ServerRuntime.create(new MemFs(),
          ServerRuntime.Settings.fromConfig(config).withInterceptor(counter)), "counted-memfs", Props.empty());
      try (FileSystem fs = FileSystems.newFileSystem(URI.create("puffs:/roundtrips"),
          Map.of(PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, server))) {
        byte[] small = new byte[NioBenchmark.SMALL_SIZE];
        Path tree = Files.createDirectories(fs.getPath("/bench/tree"));
        NioWorkloads.makeTree(tree, NioBenchmark.WALK_DIRS, NioBenchmark.WALK_FILES_PER_DIR);
        List<Path> stats = NioWorkloads.makeFiles(Files.createDirectory(fs.getPath("/bench/stats")),
            NioBenchmark.STAT_FILES, small);
        Path smallDir = Files.createDirectory(fs.getPath("/bench/small"));
        COUNTS.clear();
        NioWorkloads.smallFiles(smallDir, small, NioBenchmark.SMALL_FILES);
        report("smallFiles", NioBenchmark.SMALL_FILES);
        int entries = NioBenchmark.WALK_DIRS * (NioBenchmark.WALK_FILES_PER_DIR + 1) + 1;
        NioWorkloads.walk(tree);
        report("walk", entries);
        // JMH repeats each workload: from the second time on the engine's caches know the tree
        NioWorkloads.walk(tree);
        report("walk again", entries);
        NioWorkloads.sequential(fs.getPath("/bench/big"), NioBenchmark.SEQUENTIAL_MIB);
        report("sequential", NioBenchmark.SEQUENTIAL_MIB);
        NioWorkloads.statStorm(stats);
        report("statStorm", NioBenchmark.STAT_FILES);
        NioWorkloads.statStorm(stats);
        report("statStorm again", NioBenchmark.STAT_FILES);
      }
    }
  }

  private static void report(String workload, int units) {
    Map<String, Long> byOp = new TreeMap<>();
    COUNTS.forEach((op, n) -> byOp.put(op, n.sum()));
    long total = byOp.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("%s: %d requests (%.1f per unit of %d) %s%n", workload, total, (double) total / units, units,
        byOp);
    COUNTS.clear();
  }
}
