package org.jpuffs.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.Register;
import org.jpuffs.api.server.remote.RemoteConfig;
import org.jpuffs.api.server.remote.RegistrationReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The reception's rules, with registrations sent from the same JVM (no Artery needed for them). */
class RemoteServersTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final RemoteServers servers = RemoteServers.start(testKit.system());

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void aRegisteredServerIsHandedToTheWaiter() {
    RemoteTesting.await(servers.offer("a", "tok"));
    CompletableFuture<ActorRef<ServerRuntime.Command>> waiting = servers.awaitServer("a").toCompletableFuture();
    ActorRef<ServerRuntime.Command> server = register("a", "tok", new RegistrationReply.Accepted("a"));
    assertSame(server, RemoteTesting.await(waiting));
    assertSame(server, RemoteTesting.await(servers.awaitServer("a")), "a later waiter gets the current server");
  }

  @Test
  void aReplacementIsAnotherServer() {
    RemoteTesting.await(servers.offer("b", "tok"));
    ActorRef<ServerRuntime.Command> first = register("b", "tok", new RegistrationReply.Accepted("b"));
    CompletableFuture<ActorRef<ServerRuntime.Command>> replacement =
        servers.awaitReplacement("b", first).toCompletableFuture();
    register("b", "tok", first, new RegistrationReply.Accepted("b"));
    assertFalse(replacement.isDone(), "the same server registering again is no replacement");
    ActorRef<ServerRuntime.Command> second = register("b", "tok", new RegistrationReply.Accepted("b"));
    assertSame(second, RemoteTesting.await(replacement));
    assertSame(second, RemoteTesting.await(servers.awaitServer("b")), "the latest registration wins");
  }

  @Test
  void aWrongTokenOrAnUnofferedMountIsRefused() {
    RemoteTesting.await(servers.offer("c", "right"));
    register("c", "wrong", new RegistrationReply.Refused("c", "wrong registration token"));
    register("d", "right", new RegistrationReply.Refused("d", "mount d is not offered by this engine"));
  }

  /** pekko-remote is on every class path now; only systems built by RemoteConfig may use it. */
  @Test
  void theDefaultConfigurationStaysLocal() {
    assertEquals("local", ConfigFactory.load().getString("pekko.actor.provider"));
    assertEquals("remote", RemoteConfig.server(ConfigFactory.empty(), ConfigFactory.load(), "127.0.0.1", 0)
        .getString("pekko.actor.provider"));
  }

  private ActorRef<ServerRuntime.Command> register(String mount, String token, RegistrationReply expected) {
    return register(mount, token, testKit.<ServerRuntime.Command>createTestProbe().getRef(), expected);
  }

  private ActorRef<ServerRuntime.Command> register(String mount, String token,
      ActorRef<ServerRuntime.Command> server, RegistrationReply expected) {
    TestProbe<RegistrationReply> replies = testKit.createTestProbe();
    servers.gate().tell(new Register(mount, token, server, replies.getRef()));
    assertEquals(expected, replies.receiveMessage());
    return server;
  }
}
