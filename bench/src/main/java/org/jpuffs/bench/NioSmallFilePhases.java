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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.jpuffs.api.server.ServerExecutors;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.nio.PuffsFileSystems;
import org.jpuffs.servers.memfs.MemFs;

/**
 * Where the small-file workload's time goes: the three calls of {@link NioWorkloads#smallFiles} timed one by one on
 * Jimfs and on {@code puffs:} over memfs, in microseconds per file, so that each can be set against the requests
 * {@link NioRoundTrips} counts for it:
 * {@code java -Djpuffs.journal=in-memory -cp bench/target/jpuffs-bench.jar org.jpuffs.bench.NioSmallFilePhases}.
 * Not a JMH benchmark: a breakdown to read next to one (two warm-up rounds, then the mean of three rounds).
 */
public final class NioSmallFilePhases {

  private static final int ROUNDS = 5;
  private static final int WARM_UP = 2;

  private static int mounts;

  private NioSmallFilePhases() {}

  public static void main(String[] args) throws IOException {
    try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix())) {
      report("jimfs", measure(Files.createDirectory(jimfs.getPath("/small"))));
    }
    try (PuffsEngine engine = PuffsEngine.start(ConfigFactory.load())) {
      puffs(engine, "puffs", new MemFs(), RecordLevel.MUTATIONS, ServerExecutors.Kind.AUTO);
      puffs(engine, "puffs, journal off (RecordLevel.NONE)", new MemFs(), RecordLevel.NONE,
          ServerExecutors.Kind.AUTO);
      puffs(engine, "puffs, memfs without TTLs and IAONDEMAND",
          MemFs.builder().cacheTtl(Duration.ZERO).inactiveOnDemand(false).build(), RecordLevel.MUTATIONS,
          ServerExecutors.Kind.AUTO);
      puffs(engine, "puffs, memfs inline", new MemFs(), RecordLevel.MUTATIONS, ServerExecutors.Kind.INLINE);
      puffs(engine, "puffs, memfs inline, journal off", new MemFs(), RecordLevel.NONE, ServerExecutors.Kind.INLINE);
    }
  }

  private static void puffs(PuffsEngine engine, String label, MemFs memfs, RecordLevel level,
      ServerExecutors.Kind executor) throws IOException {
    try (FileSystem puffs = FileSystems.newFileSystem(URI.create("puffs:/phases-" + (++mounts)),
        Map.of(PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, memfs, PuffsFileSystems.RECORD_LEVEL,
            level, PuffsFileSystems.SERVER_EXECUTOR, executor))) {
      report(label, measure(Files.createDirectory(puffs.getPath("/small"))));
    }
  }

  /**
   * Nanoseconds spent in write, read and delete over the measured rounds, then the JVM's CPU nanoseconds and GC
   * milliseconds over them.
   */
  private static long[] measure(Path dir) throws IOException {
    byte[] data = new byte[NioBenchmark.SMALL_SIZE];
    long[] spent = new long[5];
    for (int round = 0; round < ROUNDS; round++) {
      if (round == WARM_UP) {
        spent[3] = processCpuNanos();
        spent[4] = gcMillis();
      }
      long[] times = new long[3];
      for (int i = 0; i < NioBenchmark.SMALL_FILES; i++) {
        Path file = dir.resolve("f" + i);
        long t0 = System.nanoTime();
        Files.write(file, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        long t1 = System.nanoTime();
        if (Files.readAllBytes(file).length != data.length) {
          throw new IllegalStateException("short read of " + file);
        }
        long t2 = System.nanoTime();
        Files.delete(file);
        long t3 = System.nanoTime();
        times[0] += t1 - t0;
        times[1] += t2 - t1;
        times[2] += t3 - t2;
      }
      if (round >= WARM_UP) {
        for (int p = 0; p < 3; p++) {
          spent[p] += times[p];
        }
      }
    }
    // The CPU the whole JVM (every thread: caller, actors, server, journal, GC) spent on the measured rounds.
    spent[3] = processCpuNanos() - spent[3];
    spent[4] = gcMillis() - spent[4];
    return spent;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  private static void report(String fs, long[] spent) {
    double files = (double) NioBenchmark.SMALL_FILES * (ROUNDS - WARM_UP);
    System.out.printf("%s: write %.1f µs, readAllBytes %.1f µs, delete %.1f µs, total %.1f µs per file;"
            + " CPU of all threads %.1f µs per file, GC %.1f µs per file%n", fs,
        spent[0] / files / 1e3, spent[1] / files / 1e3, spent[2] / files / 1e3,
        (spent[0] + spent[1] + spent[2]) / files / 1e3, spent[3] / files / 1e3, spent[4] * 1e3 / files);
  }
}
