package org.jpuffs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.remote.RemoteEngine;
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

/**
 * An uncached GETATTR and a 128 KiB READ through the engine, with the memfs server in the engine's JVM and in another
 * JVM on loopback (Artery TCP, CBOR): what moving a server out of process costs. Run with {@code -t 1} for latency and
 * {@code -t 8 -bm thrpt} for throughput with eight requests in flight. The engine has no caches yet, so every call
 * reaches the server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RemoteServerBenchmark {

  private static final Cred CRED = Cred.ROOT;
  private static final int FILE_SIZE = 4 << 20;
  private static final int READ = 128 << 10;

  /** Where the server runs: "in-jvm" (an actor of the engine's system) or "other-jvm" (a child process). */
  @Param({"in-jvm", "other-jvm"})
  public String server;

  private RemoteEngine remote;
  private Process child;
  private Mount mount;
  private Vnode root;
  private Vnode file;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Config base = ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load());
    remote = RemoteEngine.start(ConfigFactory.empty(), base, "127.0.0.1", 0);
    // The engine has no attribute or page cache yet, so every GETATTR and READ reaches the server.
    MountRequest request = MountRequest.of("bench");
    if (server.equals("in-jvm")) {
      ActorRef<ServerRuntime.Command> runtime =
          remote.engine().system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs", Props.empty());
      mount = remote.engine().mount(request, runtime).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } else {
      child = startChild();
      mount = remote.mountWhenRegistered(request, "bench-token").toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
    root = mount.root().toCompletableFuture().join();
    file = root.create("data", Vattr.builder().type(VType.VREG).mode(0644).build(), CRED)
        .toCompletableFuture().join();
    byte[] data = new byte[FILE_SIZE];
    ThreadLocalRandom.current().nextBytes(data);
    file.write(0, Bytes.of(data), 0, CRED).toCompletableFuture().join();
  }

  private Process startChild() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      return new ProcessBuilder(List.of(java, "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          RemoteMemfsMain.class.getName(), remote.address().toString(), "bench", "bench-token"))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      // stdin stays a pipe from this JVM: when this fork dies, the child reads EOF and exits (RemoteMemfsMain).
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    file.release();
    root.release();
    mount.unmount(0).toCompletableFuture().join();
    remote.close();
    if (child != null) {
      child.destroy();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** GETATTR of the root, uncached: one round trip to the server. */
  @Benchmark
  public Vattr getattr() {
    return root.getattr(CRED).toCompletableFuture().join();
  }

  /** A 128 KiB READ at a random 4 KiB-aligned offset: two messages (124 KiB + 4 KiB, maxmsglen's data limit). */
  @Benchmark
  public Bytes read128k() {
    long offset = (long) ThreadLocalRandom.current().nextInt((FILE_SIZE - READ) / 4096) * 4096;
    return file.read(offset, READ, 0, CRED).toCompletableFuture().join();
  }
}
