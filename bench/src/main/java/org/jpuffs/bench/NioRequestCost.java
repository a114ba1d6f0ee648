package org.jpuffs.bench;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessMode;
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
 * The cost of one engine round trip as {@code java.nio.file} pays it: {@code checkAccess} of one file in a loop, which
 * the engine never answers from a cache (an ACCESS request through the file's node actor to memfs and back), on
 * {@code puffs:} over memfs with the provider's defaults at record level none, next to the same call on Jimfs. Set
 * against {@link NioRoundTrips}' requests per small file, it gives the small-file workload's floor:
 * {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp bench/target/jpuffs-bench.jar org.jpuffs.bench.NioRequestCost}.
 */
public final class NioRequestCost {

  private static final int CALLS = 200_000;
  private static final int ROUNDS = 8;

  private NioRequestCost() {}

  public static void main(String[] args) throws IOException {
    try (PuffsEngine engine = PuffsEngine.start(ConfigFactory.parseString("jpuffs.journal = in-memory")
            .withFallback(ConfigFactory.load()));
        FileSystem puffs = FileSystems.newFileSystem(URI.create("puffs:/request-cost"), Map.of(
            PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, new MemFs(),
            PuffsFileSystems.RECORD_LEVEL, RecordLevel.NONE));
        FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix())) {
      Path onPuffs = Files.write(puffs.getPath("/f"), new byte[1]);
      Path onJimfs = Files.write(jimfs.getPath("/f"), new byte[1]);
      for (int round = 0; round < ROUNDS; round++) {
        System.out.printf("round %d: checkAccess on puffs %.2f µs, on Jimfs %.3f µs%n", round,
            microsPerCall(onPuffs), microsPerCall(onJimfs));
      }
    }
  }

  private static double microsPerCall(Path file) throws IOException {
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      file.getFileSystem().provider().checkAccess(file, AccessMode.READ);
    }
    return (System.nanoTime() - start) / 1e3 / CALLS;
  }
}
