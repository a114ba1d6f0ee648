package org.jpuffs.bench;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpuffs.api.server.ServerExecutors;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.nio.PuffsFileSystems;
import org.jpuffs.servers.memfs.MemFs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * java.nio.file side by side: the default file system (a temp dir on the host disk), Jimfs (in memory, no actors)
 * and {@code puffs:} over memfs (in memory, every op through the engine's actors). The same code runs on all three;
 * only {@link #fs} changes. Each benchmark op is one whole workload of the issue, timed once per iteration:
 *
 * <ul>
 *   <li>{@link #smallFiles}: 10,000 × (create + write 4 KiB, read it back, delete);</li>
 *   <li>{@link #walk}: {@code Files.walk} over a tree of 10,000 entries (100 directories × 99 files + the 100);</li>
 *   <li>{@link #sequential}: 64 MiB written, then read, through a FileChannel in 1 MiB buffers;</li>
 *   <li>{@link #statStorm}: {@code readAttributes} of 1,000 files.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
// A pre-touched heap: on this project's VMs the first touch of a heap page costs a hypervisor exit, which made whole
// iterations several times slower for the file system that allocates more (performance.md, "Session 18").
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class NioBenchmark {

  static final int SMALL_FILES = 10_000;
  static final int SMALL_SIZE = 4096;
  static final int WALK_DIRS = 100;
  static final int WALK_FILES_PER_DIR = 99;
  static final int SEQUENTIAL_MIB = 64;
  static final int STAT_FILES = 1_000;

  /**
   * {@code puffs}: the provider's defaults (memfs on its runtime's own thread, since it says its ops never block;
   * journaled at {@code MUTATIONS} into the in-memory journal, which keeps every write's data);
   * {@code puffs-pool}: memfs's ops handed to a pool, as every server's were before {@code opsNeverBlock};
   * {@code puffs-unjournaled}: the defaults at {@code RecordLevel.NONE}, to set the op log's cost apart.
   */
  @Param({"default", "jimfs", "puffs", "puffs-pool", "puffs-unjournaled"})
  public String fs;

  private FileSystem fileSystem;
  private PuffsEngine engine;
  private Path hostDir;
  private Path base;
  private final byte[] small = new byte[SMALL_SIZE];
  private final List<Path> statFiles = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    switch (fs) {
      case "default" -> {
        hostDir = Files.createTempDirectory("nio-bench");
        base = hostDir;
      }
      case "jimfs" -> {
        fileSystem = Jimfs.newFileSystem(Configuration.unix());
        base = Files.createDirectory(fileSystem.getPath("/bench"));
      }
      case "puffs", "puffs-pool", "puffs-unjournaled" -> {
        // Always the in-memory journal: the LevelDB one's cost is JournalBenchmark's subject, and with fsync on (its
        // default) it turns this benchmark into one of the disk (about 2 ms a file on this VM: an fsync a mutation).
        engine = PuffsEngine.start(ConfigFactory.parseString("jpuffs.journal = in-memory")
            .withFallback(ConfigFactory.load()));
        ServerExecutors.Kind executor = fs.equals("puffs-pool") ? ServerExecutors.Kind.POOL : ServerExecutors.Kind.AUTO;
        RecordLevel level = fs.equals("puffs-unjournaled") ? RecordLevel.NONE : RecordLevel.MUTATIONS;
        fileSystem = FileSystems.newFileSystem(URI.create("puffs:/bench"), Map.of(PuffsFileSystems.ENGINE, engine,
            PuffsFileSystems.SERVER, new MemFs(), PuffsFileSystems.SERVER_EXECUTOR, executor,
            PuffsFileSystems.RECORD_LEVEL, level));
        base = Files.createDirectory(fileSystem.getPath("/bench"));
      }
      default -> throw new IllegalArgumentException("unknown file system " + fs);
    }
    for (int i = 0; i < small.length; i++) {
      small[i] = (byte) i;
    }
    NioWorkloads.makeTree(Files.createDirectory(base.resolve("tree")), WALK_DIRS, WALK_FILES_PER_DIR);
    statFiles.addAll(NioWorkloads.makeFiles(Files.createDirectory(base.resolve("stats")), STAT_FILES, small));
    Files.createDirectory(base.resolve("small"));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (hostDir != null) {
      try (Stream<Path> walk = Files.walk(hostDir)) {
        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
    if (fileSystem != null) {
      fileSystem.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Benchmark
  public long smallFiles() throws IOException {
    return NioWorkloads.smallFiles(base.resolve("small"), small, SMALL_FILES);
  }

  @Benchmark
  public long walk() throws IOException {
    return NioWorkloads.walk(base.resolve("tree"));
  }

  @Benchmark
  public long sequential() throws IOException {
    return NioWorkloads.sequential(base.resolve("big"), SEQUENTIAL_MIB);
  }

  @Benchmark
  public void statStorm(Blackhole hole) throws IOException {
    hole.consume(NioWorkloads.statStorm(statFiles));
  }
}
