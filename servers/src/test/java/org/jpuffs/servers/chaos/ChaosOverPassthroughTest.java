package org.jpuffs.servers.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chaos wraps any server: here a passthrough of a real directory. */
class ChaosOverPassthroughTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());

  @TempDir
  Path dir;

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void readsOfARealFileGetAGrownResidAndLookupsPassUntouched() throws IOException {
    Files.writeString(dir.resolve("file"), "real content");
    try (PassthroughFs passthrough = new PassthroughFs(dir, PassthroughFs.Options.DEFAULT.withWatch(false))) {
      ChaosFs chaos = new ChaosFs(passthrough, ChaosConfig.builder().residGrew(1.0).onlyOps(VnOpType.READ).build());
      ActorRef<ServerRuntime.Command> runtime = testKit.spawn(
          chaos.runtime(ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withPool(2)));
      Cookie root = passthrough.rootCookie();
      OpReply.NewNode file = (OpReply.NewNode) ask(runtime, 1, root, new VnOp.Lookup(ComponentName.lookup("file")))
          .body();
      OpReply.ReadData data = (OpReply.ReadData) ask(runtime, 2, file.cookie(), new VnOp.Read(0, 100, 0)).body();
      assertEquals("real content", data.data().toUtf8());
      assertTrue(data.resid() > 100);
      InjectedFault fault = chaos.counters().log().get(0);
      assertEquals(2, fault.requestId());
      assertEquals(file.cookie(), fault.cookie());
      assertEquals(Errno.EPROTO, fault.expectedErrno());
      assertEquals(PuffsErr.READ, fault.expectedReport());
    }
  }

  private static PuffsReply ask(ActorRef<ServerRuntime.Command> runtime, long id, Cookie cookie, Op op) {
    TestProbe<PuffsReply> probe = testKit.createTestProbe(PuffsReply.class);
    runtime.tell(new ServerRuntime.Serve(PuffsRequest.of(id, cookie, Cred.ROOT, 1, op), probe.getRef()));
    PuffsReply reply = probe.receiveMessage(Duration.ofSeconds(5));
    assertEquals(Errno.OK, reply.rv());
    return reply;
  }
}
