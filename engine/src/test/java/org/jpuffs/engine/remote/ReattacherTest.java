package org.jpuffs.engine.remote;

import static org.jpuffs.engine.remote.RemoteTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.Register;
import org.jpuffs.api.server.remote.RegistrationReply;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The engine keeps a mount it got from {@link RemoteEngine#mountWhenRegistered} served: the next server to register
 * after the mount's server is lost is attached to it. Servers here live in the engine's JVM and register through the
 * reception directly, so the rules are checked without a second JVM (RemoteCrashRecoveryTest does it with one).
 */
class ReattacherTest {

  static final RemoteEngine engine = RemoteEngine.start(ConfigFactory.empty(), RemoteTesting.base(), "127.0.0.1", 0);
  static final ActorTestKit testKit = ActorTestKit.create(engine.engine().system());

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void aServerRegisteredAfterTheLossIsAttachedAndReplayed() {
    String name = RemoteTesting.freshName();
    ActorRef<ServerRuntime.Command> first = testKit.spawn(ServerRuntime.create(new MemFs()));
    Mount mount = mountWith(name, first);
    createFile(mount, "kept");

    testKit.stop(first);
    awaitStatus(mount, MountStatus.RECOVERING, 1);
    register(name, testKit.spawn(ServerRuntime.create(new MemFs())));

    awaitStatus(mount, MountStatus.RUNNING, 2);
    assertFileThere(mount, "kept");
  }

  /** Latest registration wins: the replacement is there before the mount sees its server go (EBUSY, retried). */
  @Test
  void aServerRegisteredBeforeTheLossIsAttachedOnceTheMountSeesIt() {
    String name = RemoteTesting.freshName();
    ActorRef<ServerRuntime.Command> first = testKit.spawn(ServerRuntime.create(new MemFs()));
    Mount mount = mountWith(name, first);
    createFile(mount, "kept");

    register(name, testKit.spawn(ServerRuntime.create(new MemFs())));
    assertEquals(MountStatus.RUNNING, await(mount.status()), "the mount keeps its live server");
    testKit.stop(first);

    awaitStatus(mount, MountStatus.RUNNING, 2);
    assertFileThere(mount, "kept");
  }

  @Test
  void serversAreAttachedAsOftenAsTheyAreLost() {
    String name = RemoteTesting.freshName();
    ActorRef<ServerRuntime.Command> server = testKit.spawn(ServerRuntime.create(new MemFs()));
    Mount mount = mountWith(name, server);
    createFile(mount, "kept");
    for (int epoch = 2; epoch <= 4; epoch++) {
      testKit.stop(server);
      awaitStatus(mount, MountStatus.RECOVERING, epoch - 1);
      server = testKit.spawn(ServerRuntime.create(new MemFs()));
      register(name, server);
      awaitStatus(mount, MountStatus.RUNNING, epoch);
    }
    assertFileThere(mount, "kept");
  }

  private static Mount mountWith(String name, ActorRef<ServerRuntime.Command> server) {
    await(engine.servers().offer(name, "tok"));
    var mounting = engine.mountWhenRegistered(MountRequest.of(name), "tok");
    register(name, server);
    return await(mounting);
  }

  private static void register(String name, ActorRef<ServerRuntime.Command> server) {
    TestProbe<RegistrationReply> replies = testKit.createTestProbe();
    engine.servers().gate().tell(new Register(name, "tok", server, replies.getRef()));
    replies.expectMessage(new RegistrationReply.Accepted(name));
  }

  private static void awaitStatus(Mount mount, MountStatus status, long epoch) {
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      MountInfo info = await(mount.info());
      assertEquals(status, info.status());
      assertEquals(epoch, info.epoch());
      return null;
    });
  }

  private static void createFile(Mount mount, String name) {
    try (Vnode root = await(mount.root())) {
      await(root.create(name, Vattr.builder().type(VType.VREG).mode(0644).build(), Cred.ROOT)).release();
    }
  }

  private static void assertFileThere(Mount mount, String name) {
    try (Vnode root = await(mount.root()); Vnode file = await(root.lookup(name, Cred.ROOT))) {
      assertEquals(VType.VREG, await(file.getattr(Cred.ROOT)).type());
    }
  }
}
