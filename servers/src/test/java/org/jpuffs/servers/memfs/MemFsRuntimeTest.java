package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** memfs behind the ServerRuntime actor, as the engine reaches it (the walk-through of docs/servers.md). */
class MemFsRuntimeTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void theRuntimeDescribesMemfsAndServesItsOps() {
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(new MemFs()));
    TestProbe<MountSpec> specs = testKit.createTestProbe();
    runtime.tell(new ServerRuntime.Describe(specs.getRef()));
    MountSpec spec = specs.receiveMessage();
    assertEquals("memfs", spec.typeName());
    for (VnOpType op : new VnOpType[] {VnOpType.LOOKUP, VnOpType.CREATE, VnOpType.READDIR, VnOpType.ADVLOCK,
        VnOpType.GETEXTATTR, VnOpType.FALLOCATE, VnOpType.RECLAIM}) {
      assertTrue(spec.opMask().contains(op), op + " should be in the op mask");
    }
    assertFalse(spec.opMask().contains(VnOpType.POLL), "memfs keeps the libpuffs default for POLL");

    Cookie root = spec.rootCookie();
    TestProbe<PuffsReply> replies = testKit.createTestProbe();
    runtime.tell(new ServerRuntime.Serve(PuffsRequest.of(1, root, Cred.ROOT, 42,
        new VnOp.Create(ComponentName.of(NameiOp.CREATE, "hello"), Vattr.builder().type(VType.VREG).mode(0644)
            .build())), replies.getRef()));
    PuffsReply created = replies.receiveMessage();
    assertEquals(1, created.id());
    assertEquals(Errno.OK, created.rv());
    Cookie hello = ((OpReply.NewNode) created.body()).cookie();

    runtime.tell(new ServerRuntime.Serve(PuffsRequest.of(2, hello, Cred.ROOT, 42,
        new VnOp.Write(0, 0, Bytes.utf8("hi"))), replies.getRef()));
    assertEquals(OpReply.Resid.DONE, replies.receiveMessage().body());

    runtime.tell(new ServerRuntime.Serve(PuffsRequest.of(3, root, Cred.ROOT, 42,
        new VnOp.Lookup(ComponentName.lookup("missing"))), replies.getRef()));
    assertEquals(Errno.ENOENT, replies.receiveMessage().rv());

    runtime.tell(new ServerRuntime.Serve(PuffsRequest.of(4, root, Cred.ROOT, 42,
        new VnOp.Remove(hello, ComponentName.of(NameiOp.DELETE, "hello"))), replies.getRef()));
    PuffsReply removed = replies.receiveMessage();
    assertEquals(Errno.OK, removed.rv());
    assertEquals(Setbacks.NOREF_N2, removed.setbacks(), "the setback travels back with the reply");
  }
}
