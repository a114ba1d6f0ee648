package org.jpuffs.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PollEvents;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.SopOp;
import org.jpuffs.api.protocol.SopReply;
import org.jpuffs.api.protocol.SopRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ServerRuntimeTest {

  static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.serialize-messages = on").withFallback(ConfigFactory.load()));

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static final Cookie ROOT = Cookie.of(1);
  private static final Vattr ROOT_ATTRS = Vattr.builder().type(VType.VDIR).mode(0755).nlink(2).size(0).build();
  private static final AtomicLong ids = new AtomicLong(1);

  /** A small blocking server: getattr, lookup ("missing": ENOENT, "boom": a bug, "null": null), close, remove. */
  static class TestServer implements FileSystemServer {
    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    final BlockingQueue<ErrorReport> errors = new LinkedBlockingQueue<>();
    volatile Sop sop;

    @Override
    public MountSpec mountSpec() {
      return MountSpec.builder().typeName("test").rootCookie(ROOT).build();
    }

    @Override
    public void mounted(Sop sop) {
      this.sop = sop;
    }

    @Override
    public void onError(ErrorReport report, Cookie cookie) {
      errors.add(report);
      calls.add("onError " + cookie);
    }

    @Override
    public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
      calls.add("getattr");
      return OpReply.Attributes.of(ROOT_ATTRS);
    }

    @Override
    public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
      calls.add("lookup " + cn.name());
      switch (cn.name()) {
        case "missing":
          throw new PuffsException(Errno.ENOENT);
        case "boom":
          throw new IllegalStateException("a server bug");
        case "null":
          return null;
        default:
          return OpReply.NewNode.of(Cookie.of(2), VType.VREG, 0, 0);
      }
    }

    @Override
    public void close(RequestContext ctx, Cookie node, int fflag) {
      calls.add("close");
    }

    @Override
    public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
      ctx.setback(Setbacks.INACT_N2 | Setbacks.NOREF_N2);
    }
  }

  private static PuffsRequest request(Op op) {
    return op.alwaysFaf()
        ? PuffsRequest.faf(ROOT, Cred.user(1000, 1000), 7, op)
        : PuffsRequest.of(ids.getAndIncrement(), ROOT, Cred.user(1000, 1000), 7, op);
  }

  private static PuffsReply ask(ActorRef<ServerRuntime.Command> runtime, TestProbe<PuffsReply> probe, Op op) {
    PuffsRequest request = request(op);
    runtime.tell(new ServerRuntime.Serve(request, probe.getRef()));
    PuffsReply reply = probe.receiveMessage(Duration.ofSeconds(5));
    assertEquals(request.id(), reply.id());
    return reply;
  }

  private static ActorRef<ServerRuntime.Command> spawn(FileSystemServer server) {
    return testKit.spawn(ServerRuntime.create(server));
  }

  /** Records the thread each getattr ran on; says its ops never block when {@code neverBlocks}. */
  static final class ThreadRecordingServer extends TestServer {
    final boolean neverBlocks;
    final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

    ThreadRecordingServer(boolean neverBlocks) {
      this.neverBlocks = neverBlocks;
    }

    @Override
    public boolean opsNeverBlock() {
      return neverBlocks;
    }

    @Override
    public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
      threads.add(Thread.currentThread().getName());
      return super.getattr(ctx, node);
    }
  }

  /** The name of the thread a GETATTR ran on, in a runtime with {@code settings} over a server that says so. */
  private static String getattrThread(boolean neverBlocks, ServerRuntime.Settings settings)
      throws InterruptedException {
    ThreadRecordingServer server = new ThreadRecordingServer(neverBlocks);
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    assertInstanceOf(OpReply.Attributes.class,
        ask(testKit.spawn(ServerRuntime.create(server, settings)), probe, new VnOp.Getattr()).body());
    return server.threads.poll(5, TimeUnit.SECONDS);
  }

  @Test
  void withTheAutoExecutorAServerWhoseOpsNeverBlockRunsOnTheRuntimesOwnThread() throws InterruptedException {
    ServerRuntime.Settings auto = ServerRuntime.Settings.fromConfig(testKit.system().settings().config())
        .withExecutor(ServerExecutors.Kind.AUTO);
    String inMemory = getattrThread(true, auto);
    assertTrue(inMemory.contains("pekko.actor"), "inline, on the actor's thread, not on a pool: " + inMemory);
    assertTrue(!getattrThread(false, auto).contains("pekko.actor"), "a blocking server: a pool");
    assertTrue(getattrThread(true, auto.withPool(2)).startsWith("jpuffs-server-"), "a pool chosen explicitly is kept");
  }

  @Test
  void repliesExactlyOnceToEachRequestThatWantsOne() {
    var runtime = spawn(new TestServer());
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    Set<Long> sent = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      PuffsRequest request = request(new VnOp.Getattr());
      sent.add(request.id());
      runtime.tell(new ServerRuntime.Serve(request, probe.getRef()));
    }
    Set<Long> answered = new HashSet<>();
    for (PuffsReply reply : probe.receiveSeveralMessages(100, Duration.ofSeconds(10))) {
      assertTrue(answered.add(reply.id()), "answered twice: " + reply.id());
      assertEquals(Errno.OK, reply.rv());
    }
    assertEquals(sent, answered);
    probe.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void neverRepliesToFireAndForget() throws InterruptedException {
    TestServer server = new TestServer();
    var runtime = spawn(server);
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    runtime.tell(new ServerRuntime.Serve(request(new VnOp.Close(0)), probe.getRef()));
    assertEquals("close", server.calls.poll(5, TimeUnit.SECONDS));
    // The close has run; the next message the probe sees must be the answer to this later request.
    PuffsReply reply = ask(runtime, probe, new VnOp.Getattr());
    assertEquals(Errno.OK, reply.rv());
    probe.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aPuffsExceptionIsAnsweredWithItsErrno() {
    var runtime = spawn(new TestServer());
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    PuffsReply reply = ask(runtime, probe, new VnOp.Lookup(ComponentName.lookup("missing")));
    assertEquals(Errno.ENOENT, reply.rv());
    assertEquals(OpReply.None.INSTANCE, reply.body());
  }

  @Test
  void aServerThatThrowsIsAnsweredEioAndTheRuntimeKeepsServing() {
    var runtime = spawn(new TestServer());
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    assertEquals(Errno.EIO, ask(runtime, probe, new VnOp.Lookup(ComponentName.lookup("boom"))).rv());
    assertEquals(Errno.OK, ask(runtime, probe, new VnOp.Getattr()).rv());
    assertEquals(Errno.OK, ask(runtime, probe, new VnOp.Lookup(ComponentName.lookup("file"))).rv());
  }

  @Test
  void aNullAnswerIsAnsweredEio() {
    var runtime = spawn(new TestServer());
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    assertEquals(Errno.EIO, ask(runtime, probe, new VnOp.Lookup(ComponentName.lookup("null"))).rv());
  }

  @Test
  void theOpMaskIsDerivedFromTheMethodsTheServerOverrides() {
    var runtime = spawn(new TestServer());
    TestProbe<MountSpec> probe = testKit.createTestProbe();
    runtime.tell(new ServerRuntime.Describe(probe.getRef()));
    MountSpec spec = probe.receiveMessage();
    assertEquals(OpMask.of(VnOpType.GETATTR, VnOpType.LOOKUP, VnOpType.CLOSE, VnOpType.REMOVE), spec.opMask());
    assertEquals("test", spec.typeName());
    assertEquals(ROOT, spec.rootCookie());
  }

  @Test
  void opsOutsideTheMaskAreAnsweredWithTheLibpuffsDefaults() {
    TestServer server = new TestServer();
    var runtime = spawn(server);
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    assertEquals(Errno.EIO, ask(runtime, probe, new VnOp.Read(0, 10, 0)).rv());
    assertEquals(Errno.EIO, ask(runtime, probe, new VnOp.Write(0, 0, org.jpuffs.api.protocol.Bytes.EMPTY)).rv());
    assertEquals(Errno.EOPNOTSUPP, ask(runtime, probe, new VnOp.Setattr(Vattr.NULL)).rv());
    assertEquals(Errno.EOPNOTSUPP, ask(runtime, probe, new VnOp.Readlink(1024)).rv());
    assertEquals(Errno.OK, ask(runtime, probe, new VnOp.Access(0400)).rv());
    assertEquals(OpReply.NewNode.NO_NODE,
        ask(runtime, probe, new VnOp.Create(ComponentName.lookup("f"), Vattr.NULL)).body());
    assertEquals(new OpReply.PollReady(PollEvents.POLLIN | PollEvents.POLLOUT),
        ask(runtime, probe, new VnOp.Poll(PollEvents.POLLIN | PollEvents.POLLOUT | PollEvents.POLLPRI)).body());
    assertEquals(new OpReply.Entries(List.of(), List.of(), 0, 512, true),
        ask(runtime, probe, new VnOp.Readdir(0, 512, 0)).body());
    assertTrue(server.calls.isEmpty(), "the server was called: " + server.calls);
  }

  @Test
  void setbacksTravelInTheReply() {
    var runtime = spawn(new TestServer());
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    PuffsReply reply = ask(runtime, probe,
        new VnOp.Remove(Cookie.of(2), ComponentName.of(org.jpuffs.api.protocol.NameiOp.DELETE, "f")));
    assertEquals(Setbacks.INACT_N2 | Setbacks.NOREF_N2, reply.setbacks());
  }

  @Test
  void errorReportsReachTheOnErrorHookAndAreNotAnswered() throws InterruptedException {
    TestServer server = new TestServer();
    var runtime = spawn(server);
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    ErrorReport report = new ErrorReport(PuffsErr.LOOKUP, Errno.EINVAL, "lookup produced parent cookie");
    runtime.tell(new ServerRuntime.Serve(request(report), probe.getRef()));
    assertEquals(report, server.errors.poll(5, TimeUnit.SECONDS));
    assertEquals("onError " + ROOT, server.calls.poll(5, TimeUnit.SECONDS));
    probe.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anAsyncServerHoldsAThousandRequestsAtOnceAndTheActorStaysResponsive() throws InterruptedException {
    int n = 1000;
    CountDownLatch allInside = new CountDownLatch(n);
    List<CompletableFuture<OpReply.Attributes>> pending = new CopyOnWriteArrayList<>();
    AsyncFileSystemServer server = new AsyncFileSystemServer() {
      @Override
      public MountSpec mountSpec() {
        return MountSpec.builder().typeName("async").rootCookie(ROOT).build();
      }

      @Override
      public CompletionStage<OpReply.Attributes> getattr(RequestContext ctx, Cookie node) {
        CompletableFuture<OpReply.Attributes> later = new CompletableFuture<>();
        pending.add(later);
        allInside.countDown();
        return later;
      }
    };
    var runtime = testKit.spawn(ServerRuntime.create(server));
    TestProbe<PuffsReply> replies = testKit.createTestProbe();
    for (int i = 0; i < n; i++) {
      runtime.tell(new ServerRuntime.Serve(request(new VnOp.Getattr()), replies.getRef()));
    }
    assertTrue(allInside.await(10, TimeUnit.SECONDS), "only " + (n - allInside.getCount()) + " got in");
    assertEquals(n, pending.size());
    TestProbe<MountSpec> specs = testKit.createTestProbe();
    runtime.tell(new ServerRuntime.Describe(specs.getRef()));
    assertEquals(OpMask.of(VnOpType.GETATTR), specs.receiveMessage(Duration.ofSeconds(5)).opMask());
    replies.expectNoMessage(Duration.ofMillis(50));
    pending.forEach(future -> future.complete(OpReply.Attributes.of(ROOT_ATTRS)));
    assertEquals(n, replies.receiveSeveralMessages(n, Duration.ofSeconds(10)).size());
  }

  @Test
  void aBlockingServerRunsAsManyOpsAtOnceAsThePoolAllows() throws InterruptedException {
    int poolSize = 4;
    int requests = 12;
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    CountDownLatch poolFull = new CountDownLatch(poolSize);
    CountDownLatch gate = new CountDownLatch(1);
    FileSystemServer server = new TestServer() {
      @Override
      public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        poolFull.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        active.decrementAndGet();
        return OpReply.Attributes.of(ROOT_ATTRS);
      }
    };
    ServerRuntime.Settings settings =
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withPool(poolSize);
    var runtime = testKit.spawn(ServerRuntime.create(server, settings));
    TestProbe<PuffsReply> replies = testKit.createTestProbe();
    for (int i = 0; i < requests; i++) {
      runtime.tell(new ServerRuntime.Serve(request(new VnOp.Getattr()), replies.getRef()));
    }
    assertTrue(poolFull.await(10, TimeUnit.SECONDS));
    // While the pool's threads are all held, the actor still answers.
    TestProbe<MountSpec> specs = testKit.createTestProbe();
    runtime.tell(new ServerRuntime.Describe(specs.getRef()));
    assertNotNull(specs.receiveMessage(Duration.ofSeconds(5)));
    gate.countDown();
    assertEquals(requests, replies.receiveSeveralMessages(requests, Duration.ofSeconds(10)).size());
    // Every op blocked until the gate opened, so more than poolSize at once would have shown here.
    assertEquals(poolSize, maxActive.get());
  }

  @Test
  void aStoppedRuntimeRunsNoOpOnceItsWatchersHearOfTheStop() throws InterruptedException {
    // One pool thread: the first getattr holds it until interrupted, the other two wait in the queue.
    CountDownLatch running = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    FileSystemServer server = new TestServer() {
      @Override
      public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
        started.incrementAndGet();
        running.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PuffsException(Errno.EINTR, "stopped");
        } finally {
          finished.incrementAndGet();
        }
        return OpReply.Attributes.of(ROOT_ATTRS);
      }
    };
    ServerRuntime.Settings settings =
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withPool(1);
    var runtime = testKit.spawn(ServerRuntime.create(server, settings));
    TestProbe<PuffsReply> replies = testKit.createTestProbe();
    for (int i = 0; i < 3; i++) {
      runtime.tell(new ServerRuntime.Serve(request(new VnOp.Getattr()), replies.getRef()));
    }
    assertTrue(running.await(10, TimeUnit.SECONDS));

    testKit.stop(runtime, Duration.ofSeconds(10));
    // The watchers know: the running op has ended and the queued ones will never start.
    assertEquals(1, finished.get());
    replies.expectNoMessage(Duration.ofMillis(200));
    assertEquals(1, started.get());
  }

  @Test
  void blockingLockWaitersDoNotHoldThePool() {
    // One pool thread: if the waiting lock request held it, the unlock that frees the waiter could never run.
    CountDownLatch unlocked = new CountDownLatch(1);
    FileSystemServer server = new TestServer() {
      @Override
      public org.jpuffs.api.protocol.Flock advlock(RequestContext ctx, Cookie node,
          org.jpuffs.api.protocol.Flock lock, long id, VnOp.Advlock.LockOp op, int flags) {
        if ((flags & VnOp.Advlock.F_WAIT) != 0) {
          try {
            unlocked.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        } else {
          unlocked.countDown();
        }
        return lock;
      }
    };
    ServerRuntime.Settings settings =
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withPool(1);
    var runtime = testKit.spawn(ServerRuntime.create(server, settings));
    TestProbe<PuffsReply> probe = testKit.createTestProbe();
    org.jpuffs.api.protocol.Flock lock = new org.jpuffs.api.protocol.Flock(
        org.jpuffs.api.protocol.Flock.LockType.WRLCK, org.jpuffs.api.protocol.Flock.Whence.SET, 0, 0, 1);
    PuffsRequest waiter = request(new VnOp.Advlock(lock, 2, VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_WAIT));
    runtime.tell(new ServerRuntime.Serve(waiter, probe.getRef()));
    PuffsRequest unlock = request(new VnOp.Advlock(lock, 1, VnOp.Advlock.LockOp.UNLCK, 0));
    runtime.tell(new ServerRuntime.Serve(unlock, probe.getRef()));
    Set<Long> answered = new HashSet<>();
    probe.receiveSeveralMessages(2, Duration.ofSeconds(10)).forEach(reply -> answered.add(reply.id()));
    assertEquals(Set.of(waiter.id(), unlock.id()), answered);
  }

  @Test
  void anInterceptorCanDropReplaceAndCrash() {
    RequestInterceptor interceptor = new RequestInterceptor() {
      @Override
      public Verdict onRequest(PuffsRequest request) {
        if (request.op() instanceof VnOp.Lookup lookup) {
          switch (lookup.cn().name()) {
            case "drop":
              return Verdict.DROP;
            case "crash":
              return Verdict.CRASH;
            case "fake":
              return Verdict.reply(PuffsReply.error(request.id(), Errno.of(-5)));
            default:
              break;
          }
        }
        return Verdict.CONTINUE;
      }

      @Override
      public Verdict onReply(PuffsRequest request, PuffsReply reply) {
        return request.op() instanceof VnOp.Getattr
            ? Verdict.reply(PuffsReply.error(reply.id(), Errno.of(9999))) : Verdict.CONTINUE;
      }
    };
    TestServer server = new TestServer();
    ServerRuntime.Settings settings =
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withInterceptor(interceptor);
    var runtime = testKit.spawn(ServerRuntime.create(server, settings));
    TestProbe<PuffsReply> probe = testKit.createTestProbe();

    runtime.tell(new ServerRuntime.Serve(request(new VnOp.Lookup(ComponentName.lookup("drop"))), probe.getRef()));
    assertEquals(Errno.of(-5), ask(runtime, probe, new VnOp.Lookup(ComponentName.lookup("fake"))).rv());
    assertEquals(Errno.of(9999), ask(runtime, probe, new VnOp.Getattr()).rv());
    assertTrue(server.calls.contains("getattr"));
    assertTrue(server.calls.stream().noneMatch(call -> call.equals("lookup drop") || call.equals("lookup fake")));

    runtime.tell(new ServerRuntime.Serve(request(new VnOp.Lookup(ComponentName.lookup("crash"))), probe.getRef()));
    probe.expectTerminated(runtime, Duration.ofSeconds(5));
  }

  /** Attaches a probe as the engine's sop actor and waits until the server has its Sop. */
  private static TestProbe<SopRequest> attachEngine(ActorRef<ServerRuntime.Command> runtime, TestServer server) {
    TestProbe<SopRequest> engine = testKit.createTestProbe();
    runtime.tell(new ServerRuntime.Attach(engine.getRef()));
    engine.awaitAssert(() -> {
      assertNotNull(server.sop);
      return null;
    });
    return engine;
  }

  @Test
  void attachingAnEngineGivesTheServerASopThatReachesIt() throws Exception {
    TestServer server = new TestServer();
    var runtime = spawn(server);
    TestProbe<SopRequest> engine = attachEngine(runtime, server);

    CompletableFuture<Void> flushed = server.sop.invalNamecacheDir(ROOT).toCompletableFuture();
    SopRequest request = engine.receiveMessage();
    assertEquals(new SopOp.Flush(org.jpuffs.api.protocol.FlushOp.INVAL_NAMECACHE_DIR, ROOT, 0, 0), request.op());
    request.replyTo().tell(new SopReply(request.id(), Errno.OK));
    flushed.get(5, TimeUnit.SECONDS);

    CompletableFuture<Void> refused = server.sop.invalPagecacheNode(Cookie.of(99)).toCompletableFuture();
    SopRequest second = engine.receiveMessage();
    second.replyTo().tell(new SopReply(second.id(), Errno.ENOENT));
    Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> refused.get(5, TimeUnit.SECONDS)).getCause();
    assertEquals(Errno.ENOENT, assertInstanceOf(PuffsException.class, failure).errno());
  }

  @Test
  void afterDetachTheSopFailsEnxio() throws Exception {
    TestServer server = new TestServer();
    var runtime = spawn(server);
    TestProbe<SopRequest> engine = attachEngine(runtime, server);
    runtime.tell(new ServerRuntime.Detach());
    engine.awaitAssert(() -> {
      org.junit.jupiter.api.Assertions.assertFalse(server.sop.isAttached());
      return null;
    });
    Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> server.sop.invalNamecacheAll().toCompletableFuture().get(5, TimeUnit.SECONDS)).getCause();
    assertEquals(Errno.ENXIO, assertInstanceOf(PuffsException.class, failure).errno());
  }

  @Test
  void aSopWithoutAnEngineFailsEnxio() {
    Sop sop = new Sop(testKit.system().scheduler(), Duration.ofSeconds(1), testKit.system().executionContext());
    Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> sop.requestUnmount().toCompletableFuture().get(5, TimeUnit.SECONDS)).getCause();
    assertEquals(Errno.ENXIO, assertInstanceOf(PuffsException.class, failure).errno());
  }

  @Test
  void aSopWhoseEngineNeverAnswersFailsEtimedout() {
    Sop sop = new Sop(testKit.system().scheduler(), Duration.ofMillis(200), testKit.system().executionContext());
    TestProbe<SopRequest> silentEngine = testKit.createTestProbe();
    sop.attach(silentEngine.getRef());
    Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> sop.requestUnmount().toCompletableFuture().get(5, TimeUnit.SECONDS)).getCause();
    assertEquals(Errno.ETIMEDOUT, assertInstanceOf(PuffsException.class, failure).errno());
  }
}
