package org.jpuffs.engine.remote;

import static org.jpuffs.engine.remote.RemoteTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.slf4j.event.Level;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.RemoteConfig;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.Vnode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine on Artery's tls-tcp with mutual authentication: only servers with a trusted certificate get in. */
class RemoteTlsTest {

  @TempDir
  static Path keys;
  static TestKeyStores stores;
  static RemoteEngine engine;

  @BeforeAll
  static void start() {
    stores = new TestKeyStores(keys);
    engine = RemoteEngine.start(RemoteConfig.withTls(ConfigFactory.parseString(RemoteServerTest.REMOTE_TIMEOUTS),
        stores.stores(stores.trusted)), RemoteTesting.base(), "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void aServerWithATrustedCertificateServesOverTls() {
    String name = RemoteTesting.freshName();
    CompletionStage<Mount> mounting = engine.mountWhenRegistered(MountRequest.of(name), "tls-token");
    try (RemoteServerJvm server = RemoteServerJvm.start(engine, name, "tls-token", "memfs",
        stores.props(stores.trusted))) {
      server.awaitLine("registered");
      Mount mount = await(mounting);
      Vnode root = await(mount.root());
      try (Vnode file = await(root.create("f", Vattr.builder().type(VType.VREG).mode(0644).build(), Cred.ROOT))) {
        await(file.write(0, Bytes.utf8("sealed"), 0, Cred.ROOT));
        assertEquals(Bytes.utf8("sealed"), await(file.read(0, 6, 0, Cred.ROOT)));
      }
      root.release();
      await(mount.unmount(0));
    }
  }

  /**
   * The engine refuses the handshake (bad_certificate, which the server logs) and logs the refusal with the address
   * the connection came from.
   */
  @Test
  void aServerWithAnUntrustedCertificateCannotRegisterAndIsLogged() {
    String log = refusalLogged("certificate")
        .expect(engine.engine().system(), () -> assertRefusedAtTheDoor(stores.props(stores.rogue)));
    assertTrue(log.contains("bad_certificate"), log);
  }

  @Test
  void aServerWithoutTlsCannotRegisterAndIsLogged() {
    refusalLogged("plaintext connection")
        .expect(engine.engine().system(), () -> assertRefusedAtTheDoor(List.of()));
  }

  /**
   * The engine's warning for a refused connection, naming the server's address and {@code why}. A server retries,
   * so the refusal comes several times; the first one is the expected one.
   */
  private static LoggingTestKit refusalLogged(String why) {
    AtomicBoolean first = new AtomicBoolean();
    return LoggingTestKit.custom(event -> event.level() == Level.WARN
        && event.message().matches("refused TLS connection from 127\\.0\\.0\\.1:\\d+: .*" + why + ".*")
        && first.compareAndSet(false, true));
  }

  /**
   * The server gives up registering, and the engine never hands out a server for the mount.
   *
   * @return what the server logged
   */
  private String assertRefusedAtTheDoor(List<String> tls) {
    String name = RemoteTesting.freshName();
    await(engine.servers().offer(name, "tls-token"));
    CompletableFuture<ActorRef<ServerRuntime.Command>> handedOut = new CompletableFuture<>();
    engine.servers().awaitServer(name).thenAccept(handedOut::complete);
    List<String> props = new ArrayList<>(tls);
    // Long enough for a handshake to happen on a loaded machine (5 s sometimes saw none at all).
    props.add("-Djpuffs.remote.register-timeout=15s");
    try (RemoteServerJvm server = RemoteServerJvm.start(engine, name, "tls-token", "memfs", props)) {
      String line = server.awaitLine("refused");
      assertTrue(line.contains("no answer"), line);
      assertEquals(1, server.awaitExit());
      assertFalse(handedOut.isDone(), "the engine took no server for " + name);
      return server.toString();
    }
  }
}
