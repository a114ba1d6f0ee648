package org.jpuffs.bench;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.nio.PuffsFileSystems;
import org.jpuffs.servers.memfs.MemFs;

/**
 * Where the 64 MiB {@code FileChannel} workload's time goes: {@link NioWorkloads#sequential} timed round by round on
 * Jimfs and on {@code puffs:} over memfs with the journal on (the default, {@code RecordLevel.MUTATIONS}) and off,
 * with the garbage collectors' time and the heap still reachable after each round, all in one JVM:
 * {@code java -Xmx2g -Djpuffs.journal=in-memory -cp bench/target/jpuffs-bench.jar org.jpuffs.bench.NioSequentialPhases}.
 * Not a JMH benchmark: a breakdown to read next to one.
 */
public final class NioSequentialPhases {

  private static final int ROUNDS = 7;

  private static int mounts;

  private NioSequentialPhases() {}

  public static void main(String[] args) throws IOException {
    try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix())) {
      measure("jimfs", Files.createDirectory(jimfs.getPath("/big")));
    }
    try (PuffsEngine engine = PuffsEngine.start(ConfigFactory.load())) {
      puffs(engine, "puffs, journal off (RecordLevel.NONE)", RecordLevel.NONE);
      puffs(engine, "puffs (RecordLevel.MUTATIONS, the default)", RecordLevel.MUTATIONS);
    }
  }

  private static void puffs(PuffsEngine engine, String label, RecordLevel level) throws IOException {
    try (FileSystem puffs = FileSystems.newFileSystem(URI.create("puffs:/sequential-" + (++mounts)),
        Map.of(PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, new MemFs(), PuffsFileSystems.RECORD_LEVEL,
            level))) {
      measure(label, Files.createDirectory(puffs.getPath("/big")));
    }
  }

  private static void measure(String label, Path dir) throws IOException {
    System.out.println(label + ":");
    for (int round = 0; round < ROUNDS; round++) {
      long gcBefore = gcMillis();
      long t0 = System.nanoTime();
      NioWorkloads.sequential(dir.resolve("big"), NioBenchmark.SEQUENTIAL_MIB);
      long elapsed = System.nanoTime() - t0;
      long gc = gcMillis() - gcBefore;
      // Outside the timing: a full collection, so that the heap in use is what the round left reachable.
      System.gc();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("  round %d: %.1f ms, of which GC %d ms; heap reachable after: %d MiB%n", round,
          elapsed / 1e6, gc, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
