package org.jpuffs.servers.passthrough;

import static org.jpuffs.servers.passthrough.Ops.create;
import static org.jpuffs.servers.passthrough.Ops.file;
import static org.jpuffs.servers.passthrough.Ops.lookup;
import static org.jpuffs.servers.passthrough.Ops.root;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FlushOp;
import org.jpuffs.api.protocol.SopOp;
import org.jpuffs.api.protocol.SopReply;
import org.jpuffs.api.protocol.SopRequest;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes made behind the server's back reach the engine as FLUSH invalidations; the server's own do not. */
class PassthroughWatchTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;
  Path host;
  PassthroughFs fs;
  TestProbe<SopRequest> engine;

  @BeforeEach
  void setUp() throws IOException {
    host = Files.createDirectory(tmp.resolve("served")).toRealPath();
    fs = new PassthroughFs(host);
    engine = testKit.createTestProbe(SopRequest.class);
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(
        ServerRuntime.create(fs, ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withPool(2)));
    runtime.tell(new ServerRuntime.Attach(engine.getRef()));
    // Messages are handled in order: once Describe is answered, mounted() has run and the watches are in place.
    TestProbe<MountSpec> spec = testKit.createTestProbe(MountSpec.class);
    runtime.tell(new ServerRuntime.Describe(spec.getRef()));
    spec.expectMessageClass(MountSpec.class);
  }

  @AfterEach
  void tearDown() {
    fs.close();
  }

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** The next FLUSH of kind {@code op} for {@code cookie}, answering every request on the way. */
  SopOp.Flush expectFlush(FlushOp op, Cookie cookie) {
    SopOp.Flush[] found = new SopOp.Flush[1];
    engine.fishForMessage(WAIT, request -> {
      request.replyTo().tell(new SopReply(request.id(), Errno.OK));
      if (request.op() instanceof SopOp.Flush flush && flush.op() == op && flush.cookie().equals(cookie)) {
        found[0] = flush;
        return FishingOutcomes.complete();
      }
      return FishingOutcomes.continueAndIgnore();
    });
    return found[0];
  }

  @Test
  void aFileCreatedBehindTheBackInvalidatesTheDirectorysNames() throws IOException {
    Files.writeString(host.resolve("outsider"), "x");
    expectFlush(FlushOp.INVAL_NAMECACHE_DIR, fs.rootCookie());
  }

  @Test
  void aFileRemovedBehindTheBackInvalidatesTheDirectorysNames() throws IOException {
    fs.create(root(), fs.rootCookie(), create("f"), file(0644));
    engine.expectNoMessage(Duration.ofMillis(300));
    Files.delete(host.resolve("f"));
    expectFlush(FlushOp.INVAL_NAMECACHE_DIR, fs.rootCookie());
  }

  @Test
  void aKnownFileWrittenBehindTheBackInvalidatesItsPages() throws IOException {
    Cookie f = fs.create(root(), fs.rootCookie(), create("f"), file(0644)).cookie();
    Files.writeString(host.resolve("f"), "changed", StandardOpenOption.APPEND);
    SopOp.Flush flush = expectFlush(FlushOp.INVAL_PAGECACHE_NODE_RANGE, f);
    assertEquals(0, flush.start());
    assertEquals(0, flush.end());
  }

  @Test
  void aLookedUpSubdirectoryIsWatchedToo() throws IOException {
    Files.createDirectory(host.resolve("sub"));
    engine.fishForMessage(WAIT, request -> {
      request.replyTo().tell(new SopReply(request.id(), Errno.OK));
      return FishingOutcomes.complete();
    });
    Cookie sub = fs.lookup(root(), fs.rootCookie(), lookup("sub")).cookie();
    Files.createFile(host.resolve("sub/inner"));
    expectFlush(FlushOp.INVAL_NAMECACHE_DIR, sub);
  }

  @Test
  void theServersOwnChangesAreNotEchoed() {
    Cookie root = fs.rootCookie();
    Cookie f = fs.create(root(), root, create("mine"), file(0644)).cookie();
    fs.write(root(), f, 0, 0, Bytes.utf8("my own write"));
    fs.setattr(root(), f, org.jpuffs.api.protocol.Vattr.builder().mode(0600).build());
    fs.mkdir(root(), root, create("mydir"), Ops.dir(0755));
    engine.expectNoMessage(Duration.ofSeconds(1));
  }
}
