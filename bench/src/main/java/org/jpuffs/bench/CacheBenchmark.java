package org.jpuffs.bench;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.Vnode;
import org.jpuffs.servers.memfs.MemFs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's caches (issue 5): a cached GETATTR (CACHE_FS_TTL, the server giving a long {@code va_ttl}), a cached
 * 4 KiB READ and a cached LOOKUP + release, next to the same ops with the caches off (NOCACHE, no FS_TTL: full round
 * trips) and called directly on memfs. A hit reads what the node actor published and completes on the calling
 * thread; the targets are a cached getattr ≤ 0.5 µs and a cached 4 KiB read ≤ 2 µs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CacheBenchmark {

  private static final Cred CRED = Cred.ROOT;
  private static final int READ = 4096;
  /** A TTL no run outlives. */
  private static final Timespec HOUR = new Timespec(3600, 0);

  private MemFs memfs;
  private RequestContext direct;
  private Cookie fileCookie;
  private ActorSystem<Void> system;
  private Mount cachedMount;
  private Mount uncachedMount;
  private Vnode cachedRoot;
  private Vnode cachedFile;
  private Vnode uncachedFile;
  private Vnode uncachedRoot;

  @Setup(Level.Trial)
  public void setUp() {
    memfs = new MemFs();
    direct = RequestContext.of(CRED);
    Cookie root = memfs.mountSpec().rootCookie();
    fileCookie = memfs.create(direct, root, ComponentName.lookup("file"),
        Vattr.builder().type(VType.VREG).mode(0644).build()).cookie();
    memfs.write(direct, fileCookie, 0, 0, Bytes.of(new byte[4 * READ]));
    system = ActorSystem.create(Behaviors.empty(), "cache-bench", ConfigFactory.parseString(
        "pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
    PuffsEngine engine = PuffsEngine.attach(system, system.settings().config());
    ActorRef<ServerRuntime.Command> runtime = system.systemActorOf(ServerRuntime.create(memfs,
        ServerRuntime.Settings.fromConfig(system.settings().config()).withInterceptor(new Ttls())), "memfs",
        Props.empty());
    cachedMount = engine.mount(MountRequest.of("cached").withExtraKflags(KFlags.CACHE_FS_TTL), runtime)
        .toCompletableFuture().join();
    uncachedMount = engine.mount(MountRequest.of("uncached").withExtraKflags(KFlags.NOCACHE), runtime)
        .toCompletableFuture().join();
    cachedRoot = cachedMount.root().toCompletableFuture().join();
    cachedFile = cachedRoot.lookup("file", CRED).toCompletableFuture().join();
    uncachedRoot = uncachedMount.root().toCompletableFuture().join();
    uncachedFile = uncachedRoot.lookup("file", CRED).toCompletableFuture().join();
    // Fill the caches once.
    cachedFile.getattr(CRED).toCompletableFuture().join();
    cachedFile.read(0, READ, 0, CRED).toCompletableFuture().join();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cachedFile.release();
    cachedRoot.release();
    uncachedFile.release();
    uncachedRoot.release();
    cachedMount.unmount(0).toCompletableFuture().join();
    uncachedMount.unmount(0).toCompletableFuture().join();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** The floor: memfs's getattr as a plain method call. */
  @Benchmark
  public OpReply.Attributes directGetattr() {
    return memfs.getattr(direct, fileCookie);
  }

  /** GETATTR answered from the attribute cache. */
  @Benchmark
  public Vattr cachedGetattr() {
    return cachedFile.getattr(CRED).toCompletableFuture().join();
  }

  /** GETATTR without caches: a full round trip through the node actor and the server runtime. */
  @Benchmark
  public Vattr uncachedGetattr() {
    return uncachedFile.getattr(CRED).toCompletableFuture().join();
  }

  /** memfs's read of 4 KiB as a plain method call. */
  @Benchmark
  public Bytes directRead() {
    return memfs.read(direct, fileCookie, 0, READ, 0);
  }

  /** A 4 KiB READ answered from the page cache. */
  @Benchmark
  public Bytes cachedRead() {
    return cachedFile.read(0, READ, 0, CRED).toCompletableFuture().join();
  }

  /** A 4 KiB READ without caches. */
  @Benchmark
  public Bytes uncachedRead() {
    return uncachedFile.read(0, READ, 0, CRED).toCompletableFuture().join();
  }

  /**
   * A LOOKUP answered from the name cache and its reference given back: the hit costs no message, the release one
   * tell to the mount (asynchronous).
   */
  @Benchmark
  public Cookie cachedLookup() {
    Vnode file = cachedRoot.lookup("file", CRED).toCompletableFuture().join();
    file.release();
    return file.cookie();
  }

  /** A LOOKUP without caches, and its release. */
  @Benchmark
  public Cookie uncachedLookup() {
    Vnode file = uncachedRoot.lookup("file", CRED).toCompletableFuture().join();
    file.release();
    return file.cookie();
  }

  /** Gives every attribute and node reply a TTL of an hour, as a server using CACHE_FS_TTL would. */
  static final class Ttls implements RequestInterceptor {
    @Override
    public Verdict onReply(PuffsRequest request, PuffsReply reply) {
      if (reply.body() instanceof OpReply.Attributes attributes) {
        return Verdict.reply(new PuffsReply(reply.id(), reply.rv(), reply.setbacks(),
            new OpReply.Attributes(attributes.va(), HOUR)));
      }
      if (reply.body() instanceof OpReply.NewNode node) {
        return Verdict.reply(new PuffsReply(reply.id(), reply.rv(), reply.setbacks(), node.withTtl(HOUR, HOUR)));
      }
      return Verdict.CONTINUE;
    }
  }
}
