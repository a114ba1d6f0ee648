package org.jpuffs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerExecutors;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.Vnode;
import org.jpuffs.servers.memfs.MemFs;

/**
 * What the engine's share of a FUSE CREATE costs, without FUSE: the mean time of each vnode op a file create makes
 * (CREATE, OPEN) next to a GETATTR round trip and a cached LOOKUP, on memfs run inline as {@code jpuffs mount} runs it.
 * A plain harness, not JMH: the ops change the tree, so each one is timed once per file. A create is also split in
 * three, by an interceptor in the server's runtime that stamps when the CREATE arrives and when its reply leaves:
 * the way to the server (client, directory node actor, link actor, runtime), the server's own time, and the way
 * back (link actor, node actor, the mount making the new node, the name entered, the client woken).
 *
 * <p>RECORD is the mount's record level (none, mutations, full; default none). The journal is the in-memory one
 * unless {@code -Djpuffs.journal=leveldb} is given, then LevelDB under a fresh temporary data dir, with
 * {@code -Djpuffs.fsync=on|off} (default on): together they say how much of a create the op-log journal costs.
 *
 * <pre>
 * java [-Djpuffs.journal=leveldb -Djpuffs.fsync=off] -cp "bench/target/jpuffs-bench.jar:bench/target/lib/*" \
 *     org.jpuffs.bench.CreateCostProbe [FILES] [ROUNDS] [RECORD]
 * </pre>
 */
public final class CreateCostProbe {
  private CreateCostProbe() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    RecordLevel level = args.length > 2 ? RecordLevel.valueOf(args[2].toUpperCase(Locale.ROOT)) : RecordLevel.NONE;
    String journal = System.getProperty("jpuffs.journal", "in-memory");
    Path dataDir = Files.createTempDirectory("create-cost-probe");
    Config config = ConfigFactory.parseMap(Map.of("jpuffs.journal", journal, "jpuffs.data-dir", dataDir.toString()))
        .withFallback(ConfigFactory.load());
    System.out.printf("journal %s, fsync %s, record %s%n", journal, config.getString("jpuffs.fsync"), level);
    PuffsEngine engine = PuffsEngine.start(config);
    try {
      CreateStamps stamps = new CreateStamps();
      ServerRuntime.Settings settings = ServerRuntime.Settings.fromConfig(engine.system().settings().config())
          .withExecutor(ServerExecutors.Kind.INLINE).withInterceptor(stamps);
      ActorRef<ServerRuntime.Command> runtime = engine.system().systemActorOf(
          ServerRuntime.create(new MemFs(), settings), "probe-server", Props.empty());
      Mount mount = engine.mount(MountRequest.of("probe").withRecordLevel(level), runtime)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      Vnode root = mount.root().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Vattr file = Vattr.builder().type(VType.VREG).mode(0644).build();
      for (int round = 0; round < rounds; round++) {
        long create = 0;
        long open = 0;
        long getattr = 0;
        long lookup = 0;
        long toServer = 0;
        long inServer = 0;
        for (int i = 0; i < files; i++) {
          String name = "r" + round + "-" + i;
          long t0 = System.nanoTime();
          Vnode made = root.create(name, file, Cred.ROOT).toCompletableFuture().get();
          long t1 = System.nanoTime();
          toServer += stamps.arrived - t0;
          inServer += stamps.answered - stamps.arrived;
          made.open(OpenFlags.FWRITE, Cred.ROOT).toCompletableFuture().get();
          long t2 = System.nanoTime();
          made.getattr(Cred.ROOT).toCompletableFuture().get();
          long t3 = System.nanoTime();
          Vnode found = root.lookup(name, Cred.ROOT).toCompletableFuture().get();
          long t4 = System.nanoTime();
          found.release();
          made.close(OpenFlags.FWRITE, Cred.ROOT);
          made.release();
          create += t1 - t0;
          open += t2 - t1;
          getattr += t3 - t2;
          lookup += t4 - t3;
        }
        System.out.printf("round %d, %d files: create %d us (to server %d, in server %d, back %d), open %d us, "
            + "getattr %d us, cached lookup %d us%n", round, files, create / files / 1000, toServer / files / 1000,
            inServer / files / 1000, (create - toServer - inServer) / files / 1000, open / files / 1000,
            getattr / files / 1000, lookup / files / 1000);
      }
    } finally {
      engine.close();
      try (var paths = Files.walk(dataDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** When the last CREATE reached the server's runtime and when its reply left it; one client creates at a time. */
  private static final class CreateStamps implements RequestInterceptor {
    volatile long arrived;
    volatile long answered;

    @Override
    public Verdict onRequest(PuffsRequest request) {
      if (request.op() instanceof VnOp.Create) {
        arrived = System.nanoTime();
      }
      return Verdict.CONTINUE;
    }

    @Override
    public Verdict onReply(PuffsRequest request, PuffsReply reply) {
      if (request.op() instanceof VnOp.Create) {
        answered = System.nanoTime();
      }
      return Verdict.CONTINUE;
    }
  }
}
