package org.jpuffs.engine.replay;

import static org.jpuffs.engine.replay.RecordedSession.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.persistence.oplog.StateSummary;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class StateSummariesTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static StateSummary.Entry entry(String path, VType type, long size, String sha) {
    return new StateSummary.Entry(path, type, size, 0644, sha);
  }

  @Test
  void captureListsEveryNodeWithItsContentHash() {
    MemFs memfs = new MemFs();
    Cookie root = memfs.mountSpec().rootCookie();
    RequestContext ctx = RequestContext.of(Cred.ROOT);
    Cookie dir = memfs.mkdir(ctx, root, ComponentName.of(NameiOp.CREATE, "d"),
        Vattr.builder().type(VType.VDIR).mode(0755).build()).cookie();
    Cookie file = memfs.create(ctx, dir, ComponentName.of(NameiOp.CREATE, "f"),
        Vattr.builder().type(VType.VREG).mode(0644).build()).cookie();
    memfs.write(ctx, file, 0, 0, Bytes.utf8("abc"));
    StateSummary summary = await(StateSummaries.capture(testKit.system(), testKit.spawn(ServerRuntime.create(memfs)),
        root, Cred.ROOT, Duration.ofSeconds(10)));
    List<String> paths = summary.entries().stream().map(StateSummary.Entry::path).toList();
    assertEquals(List.of("/", "/d", "/d/f"), paths);
    StateSummary.Entry f = summary.entries().get(2);
    assertEquals(3, f.size());
    // sha256("abc")
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", f.contentSha256());
  }

  @Test
  void compareNamesMissingExtraAndChangedPaths() {
    StateSummary was = new StateSummary(List.of(entry("/a", VType.VREG, 3, "x"), entry("/b", VType.VREG, 1, "y")));
    StateSummary now = new StateSummary(List.of(entry("/a", VType.VREG, 4, "z"), entry("/c", VType.VREG, 1, "y")));
    List<String> diffs = StateSummaries.compare(was, now).stream().map(Divergence::toString).toList();
    assertEquals(List.of("final state /a: size 4, recorded 3, content sha256 z, recorded x",
        "final state /b: missing (recorded VREG)", "final state /c: extra VREG"), diffs);
  }
}
