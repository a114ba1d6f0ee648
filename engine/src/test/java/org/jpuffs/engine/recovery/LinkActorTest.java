package org.jpuffs.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.msgif.ParkWatch;
import org.jpuffs.persistence.journal.DiskReserve;
import org.jpuffs.persistence.oplog.OpLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The server link with probes for the server and the op log: group commit, journal failure, the parking bound. */
class LinkActorTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load("application-test")
      .withFallback(ConfigFactory.load()));
  static final Cookie ROOT = new Cookie(1);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static PuffsRequest write(long id) {
    return PuffsRequest.of(id, ROOT, Cred.ROOT, 0, new VnOp.Write(0, 0, Bytes.utf8("x" + id)));
  }

  private static ServerRuntime.Serve served(TestProbe<ServerRuntime.Command> server) {
    return server.expectMessageClass(ServerRuntime.Serve.class);
  }

  private static void answer(ServerRuntime.Serve serve) {
    serve.replyTo().tell(PuffsReply.ok(serve.request().id(), new OpReply.Resid(0)));
  }

  @Test
  void repliesWaitForTheJournalAndEverythingAnsweredMeanwhileGoesInOneWrite() {
    TestProbe<ServerRuntime.Command> server = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.MUTATIONS, ROOT, 10,
        Duration.ofSeconds(20), opLog.ref(), server.ref()));

    link.tell(new LinkActor.Forward(write(1), client.ref()));
    answer(served(server));
    OpLog.Append first = opLog.expectMessageClass(OpLog.Append.class);
    assertEquals(1, first.batch().records().size());
    for (long id = 2; id <= 4; id++) {
      link.tell(new LinkActor.Forward(write(id), client.ref()));
      answer(served(server));
    }
    client.expectNoMessage(Duration.ofMillis(100));
    first.replyTo().tell(new OpLog.Appended(1));
    assertEquals(1, client.receiveMessage().id(), "the reply comes once its record is durable");
    OpLog.Append second = opLog.expectMessageClass(OpLog.Append.class);
    assertEquals(List.of(2L, 3L, 4L), second.batch().records().stream().map(r -> r.request().id()).toList());
    second.replyTo().tell(new OpLog.Appended(3));
    assertEquals(List.of(2L, 3L, 4L), client.receiveSeveralMessages(3).stream().map(PuffsReply::id).toList());
  }

  @Test
  void aJournalWriteThatFailsFailsItsRequestsWithEioAndTheNextWriteWorksAgain() {
    TestProbe<ServerRuntime.Command> server = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.MUTATIONS, ROOT, 10,
        Duration.ofMillis(200), opLog.ref(), server.ref()));

    link.tell(new LinkActor.Forward(write(1), client.ref()));
    answer(served(server));
    opLog.expectMessageClass(OpLog.Append.class); // never answered: the write times out
    assertEquals(Errno.EIO, client.receiveMessage(Duration.ofSeconds(5)).rv());

    link.tell(new LinkActor.Forward(write(2), client.ref()));
    answer(served(server));
    OpLog.Append next = opLog.expectMessageClass(OpLog.Append.class);
    next.replyTo().tell(new OpLog.Appended(1));
    assertEquals(Errno.OK, client.receiveMessage().rv());
    TestProbe<LinkStatus> status = testKit.createTestProbe();
    link.tell(new LinkActor.GetStatus(status.ref()));
    LinkStatus now = status.receiveMessage();
    assertEquals(1, now.journalFailures());
    assertEquals(1, now.journaled());
  }

  @Test
  void belowTheDiskReserveJournaledRequestsFailWithEnospcBeforeTheServerSeesThemAndPassAgainOnceSpaceIsFreed() {
    TestProbe<ServerRuntime.Command> server = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    AtomicLong free = new AtomicLong(1_000);
    // Every look at the clock is a new reading's worth later, so each request sees the free space as it is now.
    AtomicLong clock = new AtomicLong();
    DiskReserve reserve = DiskReserve.watching(100, free::get,
        () -> clock.addAndGet(Duration.ofMillis(DiskReserve.RECHECK_MILLIS).toNanos()));
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.MUTATIONS, ROOT, 10,
        Duration.ofSeconds(20), opLog.ref(), server.ref(), ServerSnapshotSettings.off(), new ParkWatch(), reserve));

    free.set(99);
    link.tell(new LinkActor.Forward(write(1), client.ref()));
    assertEquals(Errno.ENOSPC, client.receiveMessage().rv());
    PuffsRequest getattr = PuffsRequest.of(2, ROOT, Cred.ROOT, 0, new VnOp.Getattr());
    link.tell(new LinkActor.Forward(getattr, client.ref()));
    ServerRuntime.Serve served = served(server);
    assertEquals(2, served.request().id(), "the refused write never reached the server; a read is not journaled");
    served.replyTo().tell(PuffsReply.ok(2, OpReply.Attributes.of(Vattr.builder().type(VType.VDIR).build())));
    assertEquals(Errno.OK, client.receiveMessage().rv());
    TestProbe<LinkStatus> status = testKit.createTestProbe();
    link.tell(new LinkActor.GetStatus(status.ref()));
    LinkStatus full = status.receiveMessage();
    assertTrue(full.diskFull(), full.toString());
    assertEquals(1, full.spaceRefusals());
    assertEquals(0, full.journaled());

    free.set(100);
    link.tell(new LinkActor.Forward(write(3), client.ref()));
    answer(served(server));
    opLog.expectMessageClass(OpLog.Append.class).replyTo().tell(new OpLog.Appended(1));
    assertEquals(Errno.OK, client.receiveMessage().rv());
    link.tell(new LinkActor.GetStatus(status.ref()));
    LinkStatus freed = status.receiveMessage();
    assertFalse(freed.diskFull(), freed.toString());
    assertEquals(1, freed.journaled());
  }

  @Test
  void withoutAServerRequestsWaitUpToTheBoundThenFailWithEagainAndGoToTheNextServer() {
    TestProbe<ServerRuntime.Command> first = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.NONE, ROOT, 2,
        Duration.ofSeconds(5), opLog.ref(), first.ref()));
    PuffsRequest getattr = PuffsRequest.of(1, ROOT, Cred.ROOT, 0, new VnOp.Getattr());
    link.tell(new LinkActor.Forward(getattr, client.ref()));
    served(first);
    first.stop();
    TestProbe<LinkStatus> status = testKit.createTestProbe();
    status.awaitAssert(() -> {
      link.tell(new LinkActor.GetStatus(status.ref()));
      LinkStatus now = status.receiveMessage();
      assertEquals(false, now.connected());
      assertEquals(1, now.parked(), "the dead server's request waits as a retry");
      return null;
    });

    for (long id = 2; id <= 4; id++) {
      link.tell(new LinkActor.Forward(PuffsRequest.of(id, ROOT, Cred.ROOT, 0, new VnOp.Getattr()), client.ref()));
    }
    // The dead server's request is kept as a retry on top of the bound of two new ones; the third new one fails.
    PuffsReply refused = client.receiveMessage();
    assertEquals(4, refused.id());
    assertEquals(Errno.EAGAIN, refused.rv());

    TestProbe<ServerRuntime.Command> second = testKit.createTestProbe();
    TestProbe<Errno> attached = testKit.createTestProbe();
    link.tell(new LinkActor.Attach(second.ref(), RecoveryMode.REATTACH, ROOT, attached.ref()));
    attached.expectMessage(Errno.OK);
    assertEquals(List.of(1L, 2L, 3L), second.receiveSeveralMessages(3).stream()
        .map(command -> ((ServerRuntime.Serve) command).request().id()).toList(), "the retry first, then in order");
  }

  @Test
  void aServerThatStopsAfterTheLinkGaveUpIsNoCrashItsRequestsFailWithTheGivenErrno() {
    TestProbe<ServerRuntime.Command> server = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.NONE, ROOT, 2,
        Duration.ofSeconds(5), opLog.ref(), server.ref()));
    link.tell(new LinkActor.Forward(PuffsRequest.of(1, ROOT, Cred.ROOT, 0, new VnOp.Getattr()), client.ref()));
    served(server);
    link.tell(new LinkActor.GiveUp(Errno.ENXIO));
    server.stop();
    PuffsReply inFlight = client.receiveMessage();
    assertEquals(1, inFlight.id());
    assertEquals(Errno.ENXIO, inFlight.rv(), "answered, not parked for a server that will never come");
    TestProbe<LinkStatus> status = testKit.createTestProbe();
    link.tell(new LinkActor.GetStatus(status.ref()));
    LinkStatus now = status.receiveMessage();
    assertEquals(0, now.parked());
    assertEquals(0, now.inFlight());
  }

  private static PuffsRequest create(long id, String name) {
    return PuffsRequest.of(id, ROOT, Cred.ROOT, 0, new VnOp.Create(ComponentName.of(NameiOp.CREATE, name),
        Vattr.builder().type(VType.VREG).mode(0644).build()));
  }

  private static PuffsRequest lookup(long id, String name) {
    return PuffsRequest.of(id, ROOT, Cred.ROOT, 0, new VnOp.Lookup(ComponentName.of(NameiOp.LOOKUP, name)));
  }

  private static void answerNode(ServerRuntime.Serve serve, long cookie) {
    serve.replyTo().tell(PuffsReply.ok(serve.request().id(), OpReply.NewNode.of(new Cookie(cookie), VType.VREG, 0, 0)));
  }

  /**
   * Sends {@code request}, stops {@code server} with it in flight and waits until the link parked it as a retry with
   * the others, {@code inFlight} requests in all.
   */
  private static void crashWithInFlight(ActorRef<LinkActor.Command> link, TestProbe<ServerRuntime.Command> server,
      PuffsRequest request, TestProbe<PuffsReply> client, int inFlight) {
    link.tell(new LinkActor.Forward(request, client.ref()));
    served(server);
    server.stop();
    TestProbe<LinkStatus> status = testKit.createTestProbe();
    status.awaitAssert(() -> {
      link.tell(new LinkActor.GetStatus(status.ref()));
      assertEquals(inFlight, status.receiveMessage().parked());
      return null;
    });
  }

  @Test
  void aReplayedServerAnswersARetriedCreateAsItIsBecauseTheFirstAttemptNeverReachedTheOpLog() {
    TestProbe<ServerRuntime.Command> first = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.MUTATIONS, ROOT, 10,
        Duration.ofSeconds(5), opLog.ref(), first.ref()));
    crashWithInFlight(link, first, create(1, "taken"), client, 1);

    TestProbe<ServerRuntime.Command> second = testKit.createTestProbe();
    TestProbe<Errno> attached = testKit.createTestProbe();
    link.tell(new LinkActor.Attach(second.ref(), RecoveryMode.REPLAY, ROOT, attached.ref()));
    opLog.expectMessageClass(OpLog.Recall.class).replyTo().tell(new OpLog.Recalled(List.of(), List.of()));
    attached.expectMessage(Errno.OK);
    ServerRuntime.Serve retry = served(second);
    assertEquals(1, retry.request().id());
    // "taken" was there before the create: EEXIST is the create's own answer, not a sign of a first attempt.
    retry.replyTo().tell(PuffsReply.error(1, Errno.EEXIST));
    opLog.expectMessageClass(OpLog.Append.class).replyTo().tell(new OpLog.Appended(1));
    assertEquals(Errno.EEXIST, client.receiveMessage().rv());
    second.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aReattachedServersEexistForARetriedCreateIsTheNodeOnlyIfTheEngineDidNotKnowIt() {
    TestProbe<ServerRuntime.Command> first = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.NONE, ROOT, 10,
        Duration.ofSeconds(5), opLog.ref(), first.ref()));
    link.tell(new LinkActor.Forward(lookup(1, "old"), client.ref()));
    answerNode(served(first), 20);
    assertEquals(Errno.OK, client.receiveMessage().rv());
    link.tell(new LinkActor.Forward(create(2, "new"), client.ref()));
    served(first);
    crashWithInFlight(link, first, create(3, "old"), client, 2);

    TestProbe<ServerRuntime.Command> second = testKit.createTestProbe();
    TestProbe<Errno> attached = testKit.createTestProbe();
    link.tell(new LinkActor.Attach(second.ref(), RecoveryMode.REATTACH, ROOT, attached.ref()));
    answerNode(served(second), 20); // the reattach teaches the server "old" again
    attached.expectMessage(Errno.OK);
    // Both creates may have been done by the dead server; the new one says EEXIST to each and is asked to look up.
    ServerRuntime.Serve retryNew = served(second);
    ServerRuntime.Serve retryOld = served(second);
    assertEquals(List.of(2L, 3L), List.of(retryNew.request().id(), retryOld.request().id()));
    retryNew.replyTo().tell(PuffsReply.error(2, Errno.EEXIST));
    retryOld.replyTo().tell(PuffsReply.error(3, Errno.EEXIST));
    ServerRuntime.Serve lookupNew = served(second);
    ServerRuntime.Serve lookupOld = served(second);
    assertEquals(new VnOp.Lookup(ComponentName.of(NameiOp.LOOKUP, "new")), lookupNew.request().op());
    answerNode(lookupNew, 21);
    answerNode(lookupOld, 20);
    PuffsReply made = client.receiveMessage();
    assertEquals(2, made.id());
    assertEquals(new Cookie(21), ((OpReply.NewNode) made.body()).cookie(), "a node the engine never saw: made by "
        + "the first attempt");
    PuffsReply existed = client.receiveMessage();
    assertEquals(3, existed.id());
    assertEquals(Errno.EEXIST, existed.rv(), "a node the engine knew was there before the create");
  }

  @Test
  void settlingWaitsForTheJournalWriteInFlight() {
    TestProbe<ServerRuntime.Command> server = testKit.createTestProbe();
    TestProbe<OpLog.Command> opLog = testKit.createTestProbe();
    TestProbe<PuffsReply> client = testKit.createTestProbe();
    ActorRef<LinkActor.Command> link = testKit.spawn(LinkActor.create("m", 1, RecordLevel.MUTATIONS, ROOT, 10,
        Duration.ofSeconds(20), opLog.ref(), server.ref()));
    link.tell(new LinkActor.Forward(write(1), client.ref()));
    answer(served(server));
    OpLog.Append append = opLog.expectMessageClass(OpLog.Append.class);

    TestProbe<Done> settled = testKit.createTestProbe();
    link.tell(new LinkActor.Settle(settled.ref()));
    settled.expectNoMessage(Duration.ofMillis(100));
    append.replyTo().tell(new OpLog.Appended(1));
    settled.expectMessage(Done.getInstance());
    assertEquals(Errno.OK, client.receiveMessage().rv());
  }
}
