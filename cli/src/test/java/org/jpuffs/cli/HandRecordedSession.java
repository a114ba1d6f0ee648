package org.jpuffs.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.replay.StateSummaries;
import org.jpuffs.persistence.SessionInfo;
import org.jpuffs.persistence.oplog.OpRecord;
import org.jpuffs.servers.memfs.MemFs;

/**
 * A short session recorded by sending requests to a memfs runtime by hand, as an engine would (create, write,
 * mkdir, lookup, readdir, read, rename): enough for the commands' plumbing; the replay itself is tested with the
 * engine's random workload in the engine module.
 */
final class HandRecordedSession {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ActorTestKit testKit;
  private final ActorRef<ServerRuntime.Command> server;
  private final List<OpRecord> records = new ArrayList<>();
  private final long origin = System.nanoTime();

  private HandRecordedSession(ActorTestKit testKit, ActorRef<ServerRuntime.Command> server) {
    this.testKit = testKit;
    this.server = server;
  }

  /** Records the session of mount {@code mount}, number 1, at level full. */
  static TestSessions.Recorded record(ActorTestKit testKit, String mount) {
    MemFs memfs = new MemFs();
    Cookie root = memfs.mountSpec().rootCookie();
    HandRecordedSession s = new HandRecordedSession(testKit, testKit.spawn(ServerRuntime.create(memfs)));
    Instant start = Instant.now();
    Cookie a = s.node(s.send(root, new VnOp.Create(ComponentName.of(NameiOp.CREATE, "a"),
        Vattr.builder().type(VType.VREG).mode(0644).build())));
    s.send(a, new VnOp.Write(0, 0, Bytes.utf8("hello")));
    s.send(a, new VnOp.Getattr());
    Cookie d = s.node(s.send(root, new VnOp.Mkdir(ComponentName.of(NameiOp.CREATE, "d"),
        Vattr.builder().type(VType.VDIR).mode(0755).build())));
    s.send(root, new VnOp.Lookup(ComponentName.lookup("a")));
    s.send(root, new VnOp.Readdir(0, 4096, 0));
    s.send(a, new VnOp.Read(0, 100, 0));
    s.send(root, new VnOp.Rename(a, ComponentName.of(NameiOp.DELETE, "a"), d, Cookie.NONE,
        ComponentName.of(NameiOp.RENAME, "b")));
    s.send(d, new VnOp.Readdir(0, 4096, 0));
    var finalState = RecordedSessionsAwait.await(StateSummaries.capture(testKit.system(), s.server, root, Cred.ROOT,
        TIMEOUT));
    SessionInfo info = new SessionInfo(mount, 1, start, Optional.of(Instant.now()), s.records.size(), "full", root,
        Optional.of(finalState));
    return new TestSessions.Recorded(info, List.copyOf(s.records));
  }

  private PuffsReply send(Cookie cookie, Op op) {
    PuffsRequest request = PuffsRequest.of(records.size() + 1, cookie, Cred.ROOT, 42, op);
    long issued = System.nanoTime() - origin;
    PuffsReply reply = RecordedSessionsAwait.await(AskPattern.ask(server,
        (ActorRef<PuffsReply> replyTo) -> new ServerRuntime.Serve(request, replyTo), TIMEOUT, testKit.scheduler()));
    records.add(new OpRecord(records.size() + 1, request, reply, issued, System.nanoTime() - origin));
    return reply;
  }

  private Cookie node(PuffsReply reply) {
    return ((OpReply.NewNode) reply.body()).cookie();
  }
}
