package org.jpuffs.bench;

import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.Vnode;
import org.jpuffs.servers.memfs.MemFs;

/**
 * Heap per live node: {@code nodes} empty files created through the engine on one memfs mount and all held by the
 * caller (each a referenced vnode: a node actor, its caches, its cookie-table entry, the client's handle), heap used
 * measured after forced GCs; then every handle released so that the engine reclaims all but {@code max-nodes} idle
 * nodes, and measured again: the difference is the engine's share, the rest memfs's own.
 *
 * <pre>
 *   java -Xmx4g -cp "bench/target/jpuffs-bench.jar:bench/target/lib/*" org.jpuffs.bench.HeapPerNode [nodes]
 * </pre>
 * In-memory journal at record level {@code none}, so no op log grows in the heap meanwhile. With
 * {@code -Djpuffs.bench.hold=true} it waits a minute at the end, for {@code jcmd PID GC.class_histogram}.
 */
public final class HeapPerNode {

  private static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  private static final Vattr DIR = Vattr.builder().type(VType.VDIR).mode(0755).build();
  private static final int PER_DIR = 1000;
  private static final int MAX_NODES = 1000;

  private HeapPerNode() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    try (PuffsEngine engine = PuffsEngine.start(ConfigFactory.parseString(
        "jpuffs.journal = in-memory\npekko.loglevel = WARNING\njpuffs.engine.max-nodes = " + MAX_NODES)
        .withFallback(ConfigFactory.load()))) {
      Mount mount = engine.mount(MountRequest.of("heap").withRecordLevel(RecordLevel.NONE),
          engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs", Props.empty()))
          .toCompletableFuture().get(1, TimeUnit.MINUTES);
      Vnode root = mount.root().toCompletableFuture().get(1, TimeUnit.MINUTES);
      long base = usedAfterGc();

      List<Vnode> held = new ArrayList<>(nodes);
      for (int d = 0; d * PER_DIR < nodes; d++) {
        Vnode dir = root.mkdir("d" + d, DIR, Cred.ROOT).toCompletableFuture().get(1, TimeUnit.MINUTES);
        List<CompletableFuture<Vnode>> files = new ArrayList<>();
        for (int f = 0; f < PER_DIR && d * PER_DIR + f < nodes; f++) {
          files.add(dir.create("f" + f, FILE, Cred.ROOT).toCompletableFuture());
        }
        for (CompletableFuture<Vnode> file : files) {
          held.add(file.get(1, TimeUnit.MINUTES));
        }
        held.add(dir);
      }
      long live = usedAfterGc();

      held.forEach(Vnode::release);
      int count = held.size();
      held.clear();
      long reclaimed = settledAfterGc();

      double perNode = (live - base) / (double) count;
      double engineShare = (live - reclaimed) / (double) (count - MAX_NODES);
      System.out.printf("%d live referenced nodes (%d files, %d directories): heap %.1f MB above the empty mount, "
          + "%.0f bytes per live node%n", count, nodes, count - nodes, (live - base) / 1e6, perNode);
      System.out.printf("after release and reclaim down to max-nodes = %d: %.1f MB above the empty mount; the "
          + "engine's share %.0f bytes per live node, memfs's %.0f bytes per node%n", MAX_NODES,
          (reclaimed - base) / 1e6, engineShare, (reclaimed - base) / (double) count);
      root.release();
      if (Boolean.getBoolean("jpuffs.bench.hold")) {
        Thread.sleep(60_000);
      }
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Heap used once the engine has finished reclaiming: three measurements two seconds apart that do not shrink. */
  private static long settledAfterGc() throws InterruptedException {
    long lowest = usedAfterGc();
    int steady = 0;
    while (steady < 3) {
      Thread.sleep(2000);
      long now = usedAfterGc();
      steady = now > lowest * 0.99 ? steady + 1 : 0;
      lowest = Math.min(lowest, now);
    }
    return lowest;
  }
}
