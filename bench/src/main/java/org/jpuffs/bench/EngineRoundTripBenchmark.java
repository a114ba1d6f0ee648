package org.jpuffs.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.ServerRuntime;
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
 * The cost of an uncached GETATTR and a LOOKUP through the engine, next to the same op called directly on memfs and
 * sent straight to its {@link ServerRuntime} (no engine): what the actor hops and the engine's checks add. No caches
 * exist yet, so every engine call is a full round trip: client → node actor → runtime → server pool → runtime →
 * node actor → client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class EngineRoundTripBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Cred CRED = Cred.ROOT;

  private MemFs memfs;
  private RequestContext direct;
  private Cookie rootCookie;
  private PuffsEngine engine;
  private ActorSystem<Void> system;
  private ActorRef<ServerRuntime.Command> runtime;
  private Mount mount;
  private Vnode root;
  private long nextId = 1;

  @Setup(Level.Trial)
  public void setUp() {
    memfs = new MemFs();
    direct = RequestContext.of(CRED);
    rootCookie = memfs.mountSpec().rootCookie();
    memfs.create(direct, rootCookie, ComponentName.lookup("file"),
        Vattr.builder().type(VType.VREG).mode(0644).build());
    system = ActorSystem.create(Behaviors.empty(), "bench", ConfigFactory.parseString(
        "pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
    engine = PuffsEngine.attach(system, system.settings().config());
    runtime = system.systemActorOf(ServerRuntime.create(memfs), "memfs", Props.empty());
    mount = engine.mount(MountRequest.of("bench"), runtime).toCompletableFuture().join();
    root = mount.root().toCompletableFuture().join();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    root.release();
    mount.unmount(0).toCompletableFuture().join();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** The floor: memfs's getattr as a plain method call. */
  @Benchmark
  public OpReply.Attributes directGetattr() {
    return memfs.getattr(direct, rootCookie);
  }

  /** The server runtime alone: an ask to the runtime actor, the op on its pool, the reply back. */
  @Benchmark
  public PuffsReply runtimeGetattr() {
    long id = nextId++;
    CompletionStage<PuffsReply> reply = AskPattern.ask(runtime, replyTo ->
        new ServerRuntime.Serve(PuffsRequest.of(id, rootCookie, CRED, 0, new VnOp.Getattr()), replyTo),
        TIMEOUT, system.scheduler());
    return reply.toCompletableFuture().join();
  }

  /** GETATTR through the engine, without caches: a full round trip. */
  @Benchmark
  public Vattr engineGetattr() {
    return root.getattr(CRED).toCompletableFuture().join();
  }

  /** memfs's lookup as a plain method call. */
  @Benchmark
  public OpReply.NewNode directLookup() {
    return memfs.lookup(direct, rootCookie, ComponentName.lookup("file"));
  }

  /** LOOKUP through the engine: the round trip, the mount's node table, and the reference given back. */
  @Benchmark
  public Cookie engineLookup() {
    Vnode file = root.lookup("file", CRED).toCompletableFuture().join();
    file.release();
    return file.cookie();
  }
}
