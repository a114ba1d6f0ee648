package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The passthrough server behind a real runtime, as the engine meets it. */
class PassthroughRuntimeTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());

  @TempDir
  Path dir;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  ActorRef<ServerRuntime.Command> spawn(PassthroughFs fs) {
    return testKit.spawn(
        ServerRuntime.create(fs, ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withPool(2)));
  }

  static PuffsReply ask(ActorRef<ServerRuntime.Command> runtime, long id, Cookie cookie, Cred cred, Op op) {
    TestProbe<PuffsReply> probe = testKit.createTestProbe(PuffsReply.class);
    runtime.tell(new ServerRuntime.Serve(PuffsRequest.of(id, cookie, cred, 1, op), probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  @Test
  void describeDeclaresTheImplementedOps() {
    try (PassthroughFs fs = new PassthroughFs(dir)) {
      TestProbe<MountSpec> probe = testKit.createTestProbe(MountSpec.class);
      spawn(fs).tell(new ServerRuntime.Describe(probe.getRef()));
      MountSpec spec = probe.receiveMessage(Duration.ofSeconds(5));
      assertEquals(fs.rootCookie(), spec.rootCookie());
      assertEquals(RecoveryMode.REATTACH, spec.recoveryMode());
      for (VnOpType op : new VnOpType[] {VnOpType.LOOKUP, VnOpType.CREATE, VnOpType.MKNOD, VnOpType.OPEN,
          VnOpType.ACCESS, VnOpType.GETATTR, VnOpType.SETATTR, VnOpType.READ, VnOpType.WRITE, VnOpType.FSYNC,
          VnOpType.REMOVE, VnOpType.LINK, VnOpType.RENAME, VnOpType.MKDIR, VnOpType.RMDIR, VnOpType.SYMLINK,
          VnOpType.READDIR, VnOpType.READLINK, VnOpType.PATHCONF, VnOpType.ADVLOCK, VnOpType.GETEXTATTR,
          VnOpType.SETEXTATTR, VnOpType.LISTEXTATTR, VnOpType.DELETEEXTATTR, VnOpType.FALLOCATE,
          VnOpType.FDISCARD, VnOpType.CLOSE, VnOpType.RECLAIM}) {
        assertTrue(spec.opMask().contains(op), op.name());
      }
      // Nothing to do on it, so the engine need not ask (CLOSE and RECLAIM let a file unlinked while open go).
      assertFalse(spec.opMask().contains(VnOpType.INACTIVE));
    }
  }

  @Test
  void createWriteReadThroughTheRuntime() throws IOException {
    try (PassthroughFs fs = new PassthroughFs(dir)) {
      ActorRef<ServerRuntime.Command> runtime = spawn(fs);
      Vattr va = Vattr.builder().type(VType.VREG).mode(0644).build();
      PuffsReply made = ask(runtime, 1, fs.rootCookie(), Cred.ROOT,
          new VnOp.Create(ComponentName.of(NameiOp.CREATE, "f"), va));
      assertEquals(Errno.OK, made.rv());
      Cookie f = ((OpReply.NewNode) made.body()).cookie();
      assertEquals(OpReply.Resid.DONE, ask(runtime, 2, f, Cred.ROOT, new VnOp.Write(0, 0, Bytes.utf8("hi"))).body());
      OpReply.ReadData data = (OpReply.ReadData) ask(runtime, 3, f, Cred.ROOT, new VnOp.Read(0, 10, 0)).body();
      assertEquals("hi", data.data().toUtf8());
      assertEquals(8, data.resid());
      assertEquals("hi", Files.readString(dir.resolve("f")));
    }
  }

  @Test
  void errorsTravelAsErrnos() {
    try (PassthroughFs fs = new PassthroughFs(dir)) {
      ActorRef<ServerRuntime.Command> runtime = spawn(fs);
      assertEquals(Errno.ENOENT,
          ask(runtime, 1, fs.rootCookie(), Cred.ROOT, new VnOp.Lookup(ComponentName.lookup("nothing"))).rv());
      assertEquals(Errno.EINVAL,
          ask(runtime, 2, fs.rootCookie(), Cred.ROOT, new VnOp.Lookup(ComponentName.lookup("../etc"))).rv());
      assertEquals(Errno.ESTALE, ask(runtime, 3, Cookie.of(987654321), Cred.ROOT, new VnOp.Getattr()).rv());
    }
  }
}
