package org.jpuffs.servers.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Each fault kind is produced as configured, through a real runtime with a probe as the engine. */
class ChaosFsTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  static final Duration WAIT = Duration.ofSeconds(5);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static ServerRuntime.Settings settings() {
    return ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withPool(4);
  }

  record Running(ChaosFs chaos, FixedFs inner, ActorRef<ServerRuntime.Command> runtime) {
    PuffsReply ask(long id, Cookie cookie, Op op) {
      TestProbe<PuffsReply> probe = testKit.createTestProbe(PuffsReply.class);
      runtime.tell(new ServerRuntime.Serve(PuffsRequest.of(id, cookie, Cred.ROOT, 1, op), probe.getRef()));
      PuffsReply reply = probe.receiveMessage(WAIT);
      assertEquals(id, reply.id());
      return reply;
    }
  }

  static Running run(ChaosConfig config) {
    FixedFs inner = new FixedFs();
    ChaosFs chaos = new ChaosFs(inner, config);
    return new Running(chaos, inner, testKit.spawn(chaos.runtime(settings())));
  }

  static VnOp.Lookup lookup(String name) {
    return new VnOp.Lookup(ComponentName.lookup(name));
  }

  static VnOp.Create create(String name) {
    return new VnOp.Create(ComponentName.of(NameiOp.CREATE, name), Vattr.builder().type(VType.VREG).mode(0644).build());
  }

  @Test
  void withNothingConfiguredRepliesPassUnchanged() {
    Running r = run(ChaosConfig.none());
    PuffsReply reply = r.ask(1, FixedFs.ROOT, lookup("a"));
    assertEquals(Errno.OK, reply.rv());
    assertEquals(OpReply.NewNode.of(FixedFs.FILE, VType.VREG, 5, 0), reply.body());
    assertEquals(0, r.chaos().counters().total());
  }

  @Test
  void errorsAnswerTheChosenErrnoWithoutCallingTheServer() {
    Running r = run(ChaosConfig.builder().errors(1.0, Errno.ENOSPC).build());
    assertEquals(Errno.ENOSPC, r.ask(1, FixedFs.ROOT, lookup("a")).rv());
    assertEquals(Errno.ENOSPC, r.ask(2, FixedFs.FILE, new VnOp.Read(0, 5, 0)).rv());
    assertEquals(0, r.inner().calls.get());
    assertEquals(2, r.chaos().counters().count(ChaosFault.ERROR));
    InjectedFault f = r.chaos().counters().log().get(0);
    assertEquals(Errno.ENOSPC, f.expectedErrno());
    assertNull(f.expectedReport());
    assertEquals("VN LOOKUP", f.op());
  }

  @Test
  void invalidErrnosAreOutsideTheValidRange() {
    Running r = run(ChaosConfig.builder().invalidErrnos(1.0).build());
    for (long id = 1; id <= 10; id++) {
      PuffsReply reply = r.ask(id, FixedFs.ROOT, lookup("a"));
      assertFalse(reply.rv().isValid(), reply.rv().toString());
      assertEquals(OpReply.None.INSTANCE, reply.body());
    }
    InjectedFault f = r.chaos().counters().log().get(0);
    assertEquals(Errno.EPROTO, f.expectedErrno());
    assertEquals(PuffsErr.ERROR, f.expectedReport());
    assertEquals(10, r.chaos().counters().count(ChaosFault.INVALID_ERRNO));
  }

  @Test
  void readResidGrowsBeyondTheRequest() {
    Running r = run(ChaosConfig.builder().residGrew(1.0).build());
    OpReply.ReadData data = (OpReply.ReadData) r.ask(1, FixedFs.FILE, new VnOp.Read(0, 100, 0)).body();
    assertTrue(data.resid() > 100, "resid " + data.resid());
    assertEquals(PuffsErr.READ, r.chaos().counters().log().get(0).expectedReport());
  }

  @Test
  void writeResidGrowsBeyondTheData() {
    Running r = run(ChaosConfig.builder().residGrew(1.0).build());
    OpReply.Resid resid = (OpReply.Resid) r.ask(1, FixedFs.FILE, new VnOp.Write(0, 0, Bytes.utf8("abc"))).body();
    assertTrue(resid.resid() > 3);
    assertEquals(PuffsErr.WRITE, r.chaos().counters().log().get(0).expectedReport());
  }

  @Test
  void readdirResidAndCookiesGrow() {
    Running r = run(ChaosConfig.builder().residGrew(1.0).build());
    OpReply.Entries plain = (OpReply.Entries) r.ask(1, FixedFs.ROOT, new VnOp.Readdir(0, 512, 0)).body();
    assertTrue(plain.resid() > 512);
    OpReply.Entries cookies = (OpReply.Entries) r.ask(2, FixedFs.ROOT, new VnOp.Readdir(0, 512, 2)).body();
    assertTrue(cookies.cookies().size() > 2);
    assertEquals(PuffsErr.READDIR, r.chaos().counters().log().get(1).expectedReport());
  }

  @Test
  void readlinkIsLongerThanTheBuffer() {
    Running r = run(ChaosConfig.builder().residGrew(1.0).build());
    OpReply.LinkTarget link = (OpReply.LinkTarget) r.ask(1, FixedFs.FILE, new VnOp.Readlink(10)).body();
    assertTrue(link.link().length() > 10);
    assertEquals(PuffsErr.READLINK, r.chaos().counters().log().get(0).expectedReport());
  }

  @Test
  void extattrResidsGrow() {
    Running r = run(ChaosConfig.builder().residGrew(1.0).build());
    OpReply.Extattr get = (OpReply.Extattr) r.ask(1, FixedFs.FILE, new VnOp.Getextattr(1, "x", false, 10)).body();
    assertTrue(get.resid() > 10);
    OpReply.Extattr list = (OpReply.Extattr) r.ask(2, FixedFs.FILE, new VnOp.Listextattr(1, false, 10, 1)).body();
    assertTrue(list.resid() > 10);
    List<InjectedFault> log = r.chaos().counters().log();
    assertEquals(PuffsErr.GETEXTATTR, log.get(0).expectedReport());
    assertEquals(PuffsErr.LISTEXTATTR, log.get(1).expectedReport());
  }

  @Test
  void residFaultsLeaveOtherOpsAlone() {
    Running r = run(ChaosConfig.builder().residGrew(1.0).build());
    assertEquals(OpReply.NewNode.of(FixedFs.FILE, VType.VREG, 5, 0), r.ask(1, FixedFs.ROOT, lookup("a")).body());
    assertEquals(Errno.ENOENT, r.ask(2, FixedFs.ROOT, lookup("missing")).rv());
    assertEquals(0, r.chaos().counters().total());
  }

  @Test
  void lookupAnswersTheParentsOwnCookie() {
    Running r = run(ChaosConfig.builder().wrongCookies(1.0).build());
    Cookie dir = Cookie.of(77);
    assertEquals(dir, ((OpReply.NewNode) r.ask(1, dir, lookup("a")).body()).cookie());
    InjectedFault f = r.chaos().counters().log().get(0);
    assertEquals(PuffsErr.LOOKUP, f.expectedReport());
    assertEquals(Errno.EPROTO, f.expectedErrno());
  }

  @Test
  void createsAnswerTheRootOrTheDirectoryCookie() {
    Running r = run(ChaosConfig.builder().seed(3).wrongCookies(1.0).build());
    Cookie dir = Cookie.of(77);
    Set<Cookie> seen = new java.util.HashSet<>();
    for (long id = 1; id <= 20; id++) {
      Op op = id % 2 == 0 ? create("f" + id)
          : new VnOp.Mkdir(ComponentName.of(NameiOp.CREATE, "d" + id), Vattr.builder().type(VType.VDIR).build());
      seen.add(((OpReply.NewNode) r.ask(id, dir, op).body()).cookie());
    }
    assertEquals(Set.of(FixedFs.ROOT, dir), seen);
    assertTrue(r.chaos().counters().log().stream().allMatch(f -> f.expectedReport() == PuffsErr.MAKENODE));
  }

  @Test
  void lookupAndFhtovpAnswerABadType() {
    Running r = run(ChaosConfig.builder().badVtypes(1.0).build());
    VType lookedUp = ((OpReply.NewNode) r.ask(1, FixedFs.ROOT, lookup("a")).body()).vtype();
    assertTrue(lookedUp == VType.VBAD || lookedUp == VType.VNON);
    PuffsRequest fh = PuffsRequest.of(2, Cookie.NONE, Cred.ROOT, 1, new VfsOp.FhToVp(FileHandle.of(new byte[8])));
    TestProbe<PuffsReply> probe = testKit.createTestProbe(PuffsReply.class);
    r.runtime().tell(new ServerRuntime.Serve(fh, probe.getRef()));
    VType resolved = ((OpReply.NodeInfo) probe.receiveMessage(WAIT).body()).vtype();
    assertFalse(resolved.isNodeType());
    assertEquals(2, r.chaos().counters().count(ChaosFault.BAD_VTYPE));
    assertEquals(PuffsErr.MAKENODE, r.chaos().counters().log().get(0).expectedReport());
    // Creates take their type from the request, so a bad type there would go unnoticed: never injected.
    assertEquals(VType.VREG, ((OpReply.NewNode) r.ask(3, FixedFs.ROOT, create("f")).body()).vtype());
  }

  @Test
  void droppedRepliesNeverArriveButTheServerDidTheWork() {
    Running r = run(ChaosConfig.builder().dropReplies(1.0).build());
    TestProbe<PuffsReply> probe = testKit.createTestProbe(PuffsReply.class);
    r.runtime().tell(new ServerRuntime.Serve(PuffsRequest.of(1, FixedFs.ROOT, Cred.ROOT, 1, lookup("a")),
        probe.getRef()));
    probe.expectNoMessage(Duration.ofMillis(300));
    assertEquals(1, r.inner().calls.get());
    assertEquals(1, r.chaos().counters().count(ChaosFault.DROP));
  }

  @Test
  void crashAfterNRequestsStopsTheRuntime() {
    Running r = run(ChaosConfig.builder().crashAfter(3).build());
    for (long id = 1; id <= 3; id++) {
      assertEquals(Errno.OK, r.ask(id, FixedFs.ROOT, lookup("a")).rv());
    }
    TestProbe<PuffsReply> probe = testKit.createTestProbe(PuffsReply.class);
    r.runtime().tell(new ServerRuntime.Serve(PuffsRequest.of(4, FixedFs.ROOT, Cred.ROOT, 1, lookup("a")),
        probe.getRef()));
    probe.expectTerminated(r.runtime(), WAIT);
    assertEquals(3, r.inner().calls.get());
    assertEquals(1, r.chaos().counters().count(ChaosFault.CRASH));
  }

  @Test
  void errorReportsAreNeitherFaultedNorCounted() {
    Running r = run(ChaosConfig.builder().crashAfter(1).errors(1.0).build());
    PuffsRequest report = PuffsRequest.faf(FixedFs.FILE, Cred.ROOT, 0,
        new ErrorReport(PuffsErr.READ, Errno.E2BIG, "resid grew"));
    r.runtime().tell(new ServerRuntime.Serve(report, null));
    r.runtime().tell(new ServerRuntime.Serve(report, null));
    assertEquals(Errno.EIO, r.ask(1, FixedFs.ROOT, lookup("a")).rv());
    assertEquals(0, r.chaos().counters().count(ChaosFault.CRASH));
  }

  @Test
  void latencyDelaysTheServer() {
    Running r = run(ChaosConfig.builder().latency(1.0, Duration.ofMillis(300), Duration.ofMillis(300)).build());
    long start = System.nanoTime();
    assertEquals(Errno.OK, r.ask(1, FixedFs.ROOT, lookup("a")).rv());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(300)) >= 0);
    InjectedFault f = r.chaos().counters().log().get(0);
    assertEquals(ChaosFault.LATENCY, f.fault());
    assertEquals(1, f.requestId());
    assertNull(f.expectedErrno());
  }

  @Test
  void theOpFilterLimitsFaultsToTheChosenOps() {
    Running r = run(ChaosConfig.builder().errors(1.0).onlyOps(VnOpType.READ).build());
    assertEquals(Errno.OK, r.ask(1, FixedFs.ROOT, lookup("a")).rv());
    assertEquals(Errno.EIO, r.ask(2, FixedFs.FILE, new VnOp.Read(0, 5, 0)).rv());
    assertEquals(1, r.chaos().counters().count(ChaosFault.ERROR));
  }

  @Test
  void aFixedSeedGivesTheSameFaultsTwice() {
    ChaosConfig config = ChaosConfig.builder().seed(42).errors(0.2, Errno.EIO, Errno.ENOSPC).invalidErrnos(0.2)
        .residGrew(0.3).wrongCookies(0.3).dropReplies(0.1).build();
    List<String> first = faultsOf(config);
    List<String> second = faultsOf(config);
    assertEquals(first, second);
    assertTrue(first.size() > 10, "faults: " + first);
    assertNotEquals(first, faultsOf(ChaosConfig.builder().seed(43).errors(0.2, Errno.EIO, Errno.ENOSPC)
        .invalidErrnos(0.2).residGrew(0.3).wrongCookies(0.3).dropReplies(0.1).build()));
  }

  /** A fixed mix of 60 requests through a fresh runtime; the injected faults as text. */
  private static List<String> faultsOf(ChaosConfig config) {
    Running r = run(config);
    TestProbe<PuffsReply> probe = testKit.createTestProbe(PuffsReply.class);
    for (long id = 1; id <= 60; id++) {
      Op op = switch ((int) (id % 4)) {
        case 0 -> lookup("a");
        case 1 -> new VnOp.Read(0, 100, 0);
        case 2 -> create("f" + id);
        default -> new VnOp.Readdir(0, 512, 0);
      };
      r.runtime().tell(new ServerRuntime.Serve(PuffsRequest.of(id, FixedFs.ROOT, Cred.ROOT, 1, op), probe.getRef()));
    }
    // Every request but the dropped ones is answered; wait until all 60 are accounted for, so all faults are counted.
    int replies = 0;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (replies + r.chaos().counters().count(ChaosFault.DROP) < 60) {
      assertTrue(System.nanoTime() < deadline, "requests unaccounted for");
      try {
        probe.receiveMessage(Duration.ofMillis(100));
        replies++;
      } catch (AssertionError noReplyYet) {
        // A dropped request's fault may be recorded after the last reply went out: look again.
      }
    }
    List<String> faults = new ArrayList<>();
    r.chaos().counters().log().stream()
        .sorted(java.util.Comparator.comparingLong(InjectedFault::requestId))
        .forEach(f -> faults.add(f.requestId() + ":" + f.fault() + ":" + f.detail()));
    return faults;
  }

  @Test
  void aChaosRuntimeDeclaresTheInnerServersSpecAndOpMask() {
    Running r = run(ChaosConfig.none());
    TestProbe<MountSpec> probe = testKit.createTestProbe(MountSpec.class);
    r.runtime().tell(new ServerRuntime.Describe(probe.getRef()));
    MountSpec spec = probe.receiveMessage(WAIT);
    assertEquals(r.inner().mountSpec().withOpMask(r.chaos().innerOpMask()), spec);
    // The decorator overrides INACTIVE to forward it, but the inner server does not implement it.
    assertFalse(spec.opMask().contains(VnOpType.INACTIVE));
  }

  @Test
  void innerOpMaskIsWhatTheRuntimeDerivesForTheInnerServerAlone() {
    FixedFs inner = new FixedFs();
    ActorRef<ServerRuntime.Command> plain = testKit.spawn(ServerRuntime.create(inner, settings()));
    TestProbe<MountSpec> probe = testKit.createTestProbe(MountSpec.class);
    plain.tell(new ServerRuntime.Describe(probe.getRef()));
    OpMask derived = probe.receiveMessage(WAIT).opMask();
    assertEquals(derived, new ChaosFs(inner, ChaosConfig.none()).innerOpMask());
    assertTrue(derived.contains(VnOpType.LOOKUP));
  }

  @Test
  void everyServerMethodIsOverriddenAndForwarded() throws Exception {
    Set<String> forwarded = ConcurrentHashMap.newKeySet();
    FileSystemServer recorder = (FileSystemServer) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {FileSystemServer.class}, (proxy, method, args) -> {
          forwarded.add(method.getName());
          return method.getName().equals("mountSpec")
              ? MountSpec.builder().rootCookie(org.jpuffs.api.protocol.Cookie.of(1)).build()
              : defaultOf(method.getReturnType());
        });
    ChaosFs chaos = new ChaosFs(recorder, ChaosConfig.none());
    Set<String> all = new TreeSet<>();
    for (Method method : FileSystemServer.class.getMethods()) {
      if (java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      all.add(method.getName());
      assertEquals(ChaosFs.class, ChaosFs.class.getMethod(method.getName(), method.getParameterTypes())
          .getDeclaringClass(), method.getName() + " is not overridden");
      Object[] args = new Object[method.getParameterCount()];
      Class<?>[] types = method.getParameterTypes();
      for (int i = 0; i < args.length; i++) {
        args[i] = types[i] == RequestContext.class ? RequestContext.of(Cred.ROOT) : defaultOf(types[i]);
      }
      method.invoke(chaos, args);
    }
    assertEquals(all, new TreeSet<>(forwarded));
  }

  private static Object defaultOf(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }
}
