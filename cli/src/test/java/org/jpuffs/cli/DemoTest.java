package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  // application-test.conf: serialize-messages = on, so every request and reply also makes a CBOR round trip.
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private Demo.Result converse(FileSystemServer server) {
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(server));
    return new Demo(() -> server, out).converse(runtime, testKit.scheduler());
  }

  @Test
  void testsSendEveryMessageThroughItsSerializer() {
    // Otherwise the transcript tests below would not show that the protocol survives the trip between JVMs.
    assertTrue(testKit.system().settings().config().getBoolean("pekko.actor.serialize-messages"));
  }

  @Test
  void conversationPrintsEveryRequestAndItsReply() {
    converse(new MapServer());

    String expected = String.join("\n",
        "-> #1 VFS STATVFS",
        "<- #1 OK FsStats statvfs={bsize=4096 blocks=1024 bfree=1024 files=1024 ffree=1023 namemax=255 fstype=mapfs}",
        "-> #2 VN LOOKUP root name=hello.txt",
        "<- #2 ENOENT",
        "-> #3 VN CREATE root name=hello.txt va={type=VREG mode=0644}",
        "<- #3 OK NewNode cookie=0x2 vtype=VREG size=0",
        "-> #4 VN WRITE 0x2 offset=0 data=29 bytes \"Hello from puffs on the JVM!\\n\"",
        "<- #4 OK Resid resid=0",
        "-> #5 VN READ 0x2 offset=0 resid=4096",
        "<- #5 OK ReadData data=29 bytes \"Hello from puffs on the JVM!\\n\" resid=4067",
        "-> #6 VN GETATTR 0x2",
        "<- #6 OK Attributes va={type=VREG mode=0644 nlink=1 fileid=2 size=29}",
        "-> #7 VN READDIR root offset=0 resid=4096",
        "<- #7 OK Entries entries=[hello.txt(VREG)] offset=1 resid=4072 eof=true",
        "-> #8 VN REMOVE root target=0x2 name=hello.txt",
        "<- #8 OK",
        "-> #0 ERROR ERROR FAF error=errno(4242)"
            + " text=\"demo: errno 4242 is out of range; checkerr turns it into EPROTO\"",
        "   (fire-and-forget: no reply)");
    assertTrue(output().contains(expected), () -> "transcript was:\n" + output());
  }

  @Test
  void conversationStartsWithTheMountSpecAndEndsWithASummary() {
    converse(new MapServer());

    List<String> lines = output().lines().collect(Collectors.toList());
    assertEquals("server: type=mapfs from=test root=0x1 VDIR size=0 recovery=REPLAY"
            + " ops=[LOOKUP,CREATE,GETATTR,READ,WRITE,REMOVE,READDIR]", lines.get(0));
    assertTrue(lines.get(lines.size() - 1).matches(
            "summary: 9 requests to mapfs: 8 replies, 1 fire-and-forget, 0 problems, \\d+ ms"),
        lines.get(lines.size() - 1));
  }

  @Test
  void everyReplyIsAsExpectedWithAWorkingServer() {
    Demo.Result result = converse(new MapServer());

    assertEquals(new Demo.Result(9, 8, 1, List.of()), result);
    assertTrue(result.ok());
  }

  @Test
  void requestIdsCountFromOneAndFireAndForgetHasIdZero() {
    converse(new MapServer());

    Matcher sent = Pattern.compile("(?m)^-> #(\\d+) ").matcher(output());
    StringBuilder ids = new StringBuilder();
    while (sent.find()) {
      ids.append(sent.group(1)).append(' ');
    }
    assertEquals("1 2 3 4 5 6 7 8 0 ", ids.toString());
  }

  @Test
  void errorReportReachesTheServerBeforeTheSummary() {
    MapServer server = new MapServer();

    converse(server);

    assertEquals(1, server.errorReports().size());
    assertEquals(PuffsErr.ERROR, server.errorReports().get(0).type());
    assertEquals(Demo.BAD_ERRNO, server.errorReports().get(0).error());
  }

  @Test
  void wrongReplyIsAProblem() {
    MapServer forgetful = new MapServer() {
      @Override
      public synchronized Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
        return Bytes.EMPTY;
      }
    };

    Demo.Result result = converse(forgetful);

    assertEquals(List.of("READ did not return what WRITE wrote (OK)"), result.problems());
    assertTrue(output().contains("!! READ did not return what WRITE wrote (OK)\n"), output());
    assertTrue(output().contains(", 1 problem, "), output());
  }

  @Test
  void serverWithoutCreateStopsTheFileSteps() {
    FileSystemServer readOnly = new MapServer() {
      @Override
      public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
        throw new PuffsException(Errno.EROFS);
      }
    };

    Demo.Result result = converse(readOnly);

    assertEquals(List.of("CREATE made no node (EROFS)"), result.problems());
    assertEquals(4, result.requests());
    assertTrue(output().contains("<- #3 EROFS\n"), output());
  }

  @Test
  void silentServerTimesOut() {
    RequestInterceptor dropLookups = new RequestInterceptor() {
      @Override
      public Verdict onRequest(PuffsRequest request) {
        return request.op() instanceof VnOp.Lookup ? Verdict.DROP : Verdict.CONTINUE;
      }
    };
    ServerRuntime.Settings settings =
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withInterceptor(dropLookups);
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(new MapServer(), settings));
    Demo demo = new Demo(MapServer::new, out, Duration.ofMillis(200));

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> demo.converse(runtime, testKit.scheduler()));

    assertEquals("no answer within 200 ms: #2 VN LOOKUP root name=hello.txt", failure.getMessage());
  }

  @Test
  void runCreatesTheDataDirAndStopsItsActorSystem(@TempDir Path tmp) throws Exception {
    Path dataDir = tmp.resolve("state");

    Demo.Result result = new Demo(MapServer::new, out).run(dataDir, ConfigFactory.load("application-test"));

    assertTrue(result.ok(), result::toString);
    assertTrue(Files.isDirectory(dataDir));
    assertTrue(output().startsWith("data dir: " + dataDir.toAbsolutePath() + " "), output());
  }
}
