package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.fuse.kernel.FuseOpcode;
import org.jpuffs.fuse.kernel.FuseReply;
import org.jpuffs.fuse.kernel.FuseRequest;
import org.jpuffs.fuse.kernel.InitFlags;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge fed hand-made requests, no kernel involved: malformed and unknown requests, lookup counts. */
class VnodeBridgeTest {
  static final ActorTestKit testKit = FuseFixture.testKit();
  private static final AtomicLong UNIQUE = new AtomicLong();
  private static final AtomicLong NAMES = new AtomicLong();

  private Mount mount;
  private VnodeBridge bridge;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void mountMemfs() {
    PuffsEngine engine = PuffsEngine.attach(testKit.system(), testKit.system().settings().config());
    mount = FuseFixture.await(engine.mount(
        MountRequest.of("bridge" + NAMES.incrementAndGet()).withRecordLevel(RecordLevel.NONE),
        testKit.spawn(ServerRuntime.create(new MemFs()))));
    bridge = new VnodeBridge(mount, FuseFixture.await(mount.root()), new Credentials(Path.of("/proc")),
        FuseOptions.DEFAULT, true, false);
  }

  @Test
  void unknownOpcodeAnswersEnosys() {
    assertEquals(FuseReply.error(38), call(request(4711, 1, new byte[0])));
  }

  @Test
  void lseekAnswersEnosysSoTheKernelSeeksItself() {
    assertEquals(FuseReply.error(38), call(request(FuseOpcode.LSEEK, 1, new byte[24])));
  }

  @Test
  void nameWithoutNulIsEinval() {
    assertEquals(FuseReply.error(22), call(request(FuseOpcode.LOOKUP, 1, "abc".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void truncatedArgumentsAreEinval() {
    assertEquals(FuseReply.error(22), call(request(FuseOpcode.SETATTR, 1, new byte[10])));
  }

  @Test
  void unknownNodeIdIsEstale() {
    assertEquals(FuseReply.error(116), call(request(FuseOpcode.GETATTR, 999, new byte[16])));
  }

  @Test
  void missingNameIsANegativeEntryTheKernelMayCache() {
    FuseReply reply = call(request(FuseOpcode.LOOKUP, 1, name("nothing")));
    ByteBuffer entry = ((FuseReply.Payload) reply).data().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(List.of(0L, 1L), List.of(entry.getLong(0), entry.getLong(16)), "node id 0, entry valid 1 s");
  }

  @Test
  void missingNameIsEnoentWithoutTheEngineNameCache() {
    VnodeBridge uncached = new VnodeBridge(mount, FuseFixture.await(mount.root()), new Credentials(Path.of("/proc")),
        FuseOptions.DEFAULT, false, false);
    assertEquals(FuseReply.error(2), FuseFixture.await(uncached.handle(request(FuseOpcode.LOOKUP, 1,
        name("nothing")))));
  }

  @Test
  void flushOfANodeNeverLockedAsksTheEngineNothing() {
    assertEquals(FuseReply.ok(), call(request(FuseOpcode.FLUSH, 999, new byte[24])));
  }

  @Test
  void locksInTheEngineAskTheKernelForLockRequestsAndFlushes() {
    assertEquals(InitFlags.POSIX_LOCKS, bridge.initFlags() & InitFlags.POSIX_LOCKS);
  }

  @Test
  void locksInTheKernelLeaveThemThereAndStopItsFlushes() {
    VnodeBridge kernelLocks = new VnodeBridge(mount, FuseFixture.await(mount.root()),
        new Credentials(Path.of("/proc")), FuseOptions.parse("locks=kernel"), true, false);
    assertEquals(0, kernelLocks.initFlags() & InitFlags.POSIX_LOCKS, "no FUSE_POSIX_LOCKS: the kernel keeps them");
    assertEquals(FuseReply.error(38), FuseFixture.await(kernelLocks.handle(request(FuseOpcode.FLUSH, 1,
        new byte[24]))), "ENOSYS: the kernel sends no FLUSH after the first");
  }

  @Test
  void renameExchangeIsEinval() {
    ByteBuffer args = le(16 + 4);
    args.putLong(1).putInt(2).putInt(0).put(name("a")).put(name("b"));
    assertEquals(FuseReply.error(22), call(request(FuseOpcode.RENAME2, 1, args.array())));
  }

  @Test
  void eachLookupCountsAndForgetReleasesAtZero() {
    ByteBuffer mkdir = le(8 + 2);
    mkdir.putInt(0755).putInt(0).put(name("d"));
    long id = entryNode(call(request(FuseOpcode.MKDIR, 1, mkdir.array())));
    assertEquals(id, entryNode(call(request(FuseOpcode.LOOKUP, 1, name("d")))));
    assertEquals(2, bridge.nodes().lookups(id));
    assertEquals(FuseReply.None.INSTANCE, call(request(FuseOpcode.FORGET, id, le(8).putLong(1).array())));
    assertEquals(1, bridge.nodes().lookups(id));
    ByteBuffer batch = le(8 + 16);
    batch.putInt(1).putInt(0).putLong(id).putLong(1);
    assertEquals(FuseReply.None.INSTANCE, call(request(FuseOpcode.BATCH_FORGET, 0, batch.array())));
    assertEquals(1, bridge.nodes().size(), "only the root is left");
  }

  @Test
  void renameNoreplaceRefusesAnExistingTarget() {
    for (String n : new String[] {"a", "b"}) {
      ByteBuffer mkdir = le(8 + 2);
      mkdir.putInt(0755).putInt(0).put(name(n));
      call(request(FuseOpcode.MKDIR, 1, mkdir.array()));
    }
    ByteBuffer args = le(16 + 4);
    args.putLong(1).putInt(1).putInt(0).put(name("a")).put(name("b"));
    assertEquals(FuseReply.error(17), call(request(FuseOpcode.RENAME2, 1, args.array())));
  }

  @Test
  void withServerTtlsTheKernelKeepsANewNodeAsLongAsTheEngine() {
    VnodeBridge ttls = new VnodeBridge(mount, FuseFixture.await(mount.root()), new Credentials(Path.of("/proc")),
        FuseOptions.DEFAULT, true, true);
    ByteBuffer mkdir = le(8 + 2);
    mkdir.putInt(0755).putInt(0).put(name("d"));
    ByteBuffer entry = payload(FuseFixture.await(ttls.handle(request(FuseOpcode.MKDIR, 1, mkdir.array()))));
    long hour = MemFs.DEFAULT_CACHE_TTL.toSeconds();
    assertEquals(List.of(hour, hour), List.of(entry.getLong(16), entry.getLong(24)), "entry and attr valid");
    ByteBuffer attr = payload(FuseFixture.await(ttls.handle(request(FuseOpcode.GETATTR, entry.getLong(0),
        new byte[16]))));
    assertEquals(hour, attr.getLong(0), "attr valid of a GETATTR");
  }

  @Test
  void withoutServerTtlsTheKernelKeepsTheOptionsTimeouts() {
    ByteBuffer mkdir = le(8 + 2);
    mkdir.putInt(0755).putInt(0).put(name("d"));
    ByteBuffer entry = payload(call(request(FuseOpcode.MKDIR, 1, mkdir.array())));
    assertEquals(List.of(1L, 1L), List.of(entry.getLong(16), entry.getLong(24)), "entry and attr valid 1 s");
  }

  @Test
  void nocacheOptionsKeepTheKernelFromCachingDespiteServerTtls() {
    VnodeBridge uncached = new VnodeBridge(mount, FuseFixture.await(mount.root()), new Credentials(Path.of("/proc")),
        FuseOptions.parse("nocache"), true, true);
    ByteBuffer mkdir = le(8 + 2);
    mkdir.putInt(0755).putInt(0).put(name("d"));
    ByteBuffer entry = payload(FuseFixture.await(uncached.handle(request(FuseOpcode.MKDIR, 1, mkdir.array()))));
    assertEquals(List.of(0L, 0L), List.of(entry.getLong(16), entry.getLong(24)), "entry and attr valid 0");
  }

  private static ByteBuffer payload(FuseReply reply) {
    return assertInstanceOf(FuseReply.Payload.class, reply).data().order(ByteOrder.LITTLE_ENDIAN);
  }

  private FuseReply call(FuseRequest request) {
    return FuseFixture.await(bridge.handle(request));
  }

  private static long entryNode(FuseReply reply) {
    FuseReply.Payload payload = assertInstanceOf(FuseReply.Payload.class, reply);
    return payload.data().order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  private static FuseRequest request(int opcode, long nodeid, byte[] args) {
    return new FuseRequest(opcode, UNIQUE.incrementAndGet(), nodeid, 0, 0, 0, ByteBuffer.wrap(args));
  }

  private static byte[] name(String name) {
    return (name + "\0").getBytes(StandardCharsets.UTF_8);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
