package org.jpuffs.engine.remote;

import static org.jpuffs.engine.remote.RemoteTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.mount.MountStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A server in a second JVM on loopback, reached over Artery (plain TCP) through the public engine API. */
class RemoteServerTest {

  private static final String TOKEN = "t0ken-" + ThreadLocalRandom.current().nextLong();
  /** The first message of each kind makes Jackson build its serializers on both sides, slowly on a busy machine. */
  static final String REMOTE_TIMEOUTS = "jpuffs.engine { describe-timeout = 20s, request-timeout = 20s }";
  static final RemoteEngine engine = RemoteEngine.start(ConfigFactory.parseString(REMOTE_TIMEOUTS), RemoteTesting.base(), "127.0.0.1", 0);

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void largestReadWriteReaddirAndXattrMessagesCrossTheHop() {
    String name = RemoteTesting.freshName();
    try (RemoteServerJvm server = RemoteServerJvm.start(engine, name, TOKEN, "memfs", List.of())) {
      Mount mount = await(engine.mountWhenRegistered(MountRequest.of(name), TOKEN));
      server.awaitLine("registered");
      Vnode root = await(mount.root());
      int maxData = (int) PuffsConstants.toMove(Integer.MAX_VALUE, await(mount.args()).maxmsglen());

      Vnode file = await(root.create("big", regular(), Cred.ROOT));
      byte[] data = new byte[maxData];
      ThreadLocalRandom.current().nextBytes(data);
      await(file.write(0, Bytes.of(data), 0, Cred.ROOT));
      Bytes back = await(file.read(0, maxData, 0, Cred.ROOT));
      assertEquals(Bytes.of(data), back, "one full READ reply of " + maxData + " bytes");

      byte[] xattr = new byte[65536];
      ThreadLocalRandom.current().nextBytes(xattr);
      await(file.setextattr(ExtattrNamespace.USER, "big", Bytes.of(xattr), Cred.ROOT));
      OpReply.Extattr got = await(file.getextattr(ExtattrNamespace.USER, "big", false, xattr.length, Cred.ROOT));
      assertEquals(Bytes.of(xattr), got.data());

      Vnode dir = await(root.mkdir("many", directory(), Cred.ROOT));
      Set<String> created = new HashSet<>();
      for (int i = 0; i < 600; i++) {
        String entry = String.format("%03d-", i) + "x".repeat(200);
        await(dir.create(entry, regular(), Cred.ROOT)).release();
        created.add(entry);
      }
      OpReply.Entries entries = await(dir.readdir(0, maxData, 0, Cred.ROOT));
      Set<String> listed = new HashSet<>();
      for (DirEntry entry : entries.entries()) {
        listed.add(entry.name());
      }
      assertTrue(entries.entries().size() > 400, "one READDIR reply filled with " + entries.entries().size()
          + " entries of ~" + (maxData - entries.resid()) + " bytes");
      assertTrue(created.containsAll(listed.stream().filter(n -> !n.startsWith(".")).toList()));
      file.release();
      dir.release();
      root.release();
      await(mount.unmount(0));
    }
  }

  @Test
  void aKilledServerIsSeenLostAndARestartedOneReregisters() {
    String name = RemoteTesting.freshName();
    RemoteServerJvm first = RemoteServerJvm.start(engine, name, TOKEN, "memfs", List.of());
    try (first) {
      Mount mount = await(engine.mountWhenRegistered(MountRequest.of(name), TOKEN));
      ActorRef<ServerRuntime.Command> lost = await(engine.servers().awaitServer(name));
      assertEquals(MountStatus.RUNNING, await(mount.status()));

      long killedAt = System.nanoTime();
      first.kill();
      TestProbe<Void> probe = TestProbe.create(engine.engine().system());
      // A mount that lost its server is DYING today and RECOVERING once recovery lands: anything but RUNNING.
      probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(20), () -> {
        assertNotEquals(MountStatus.RUNNING, await(mount.status()), "the engine saw the server lost");
        return null;
      });
      long detectedMillis = (System.nanoTime() - killedAt) / 1_000_000;
      System.out.println("remote server loss detected after " + detectedMillis + " ms");

      try (RemoteServerJvm second = RemoteServerJvm.start(engine, name, TOKEN, "memfs", List.of())) {
        second.awaitLine("registered");
        ActorRef<ServerRuntime.Command> replacement = await(engine.servers().awaitReplacement(name, lost));
        assertNotEquals(lost, replacement);
        assertEquals(MountStatus.RUNNING, await(engine.engine().mount(MountRequest.of(name + "-again"),
            replacement).thenCompose(Mount::status)), "the new server serves");
      }
    }
  }

  @Test
  void aServerWithAWrongTokenIsRefusedAndLogged() {
    String name = RemoteTesting.freshName();
    CompletableFuture<ActorRef<ServerRuntime.Command>> awaited = new CompletableFuture<>();
    await(engine.servers().offer(name, TOKEN));
    engine.servers().awaitServer(name).thenAccept(awaited::complete);
    // The warning names the server's node: its Artery address on loopback.
    LoggingTestKit.warn("wrong registration token")
        .withMessageRegex("refused server \\S+ from pekko://[^@ ]+@127\\.0\\.0\\.1:\\d+ for mount " + name
            + ": wrong registration token")
        .expect(engine.engine().system(), () -> {
          try (RemoteServerJvm server = RemoteServerJvm.start(engine, name, "not-" + TOKEN, "memfs", List.of())) {
            assertTrue(server.awaitLine("refused").contains("wrong registration token"), server.toString());
            assertEquals(1, server.awaitExit());
          }
          return null;
        });
    assertFalse(awaited.isDone(), "no server was handed out");
  }

  @Test
  void aServerForAMountNotOfferedIsRefused() {
    try (RemoteServerJvm server = RemoteServerJvm.start(engine, "never-offered", TOKEN, "memfs", List.of())) {
      assertTrue(server.awaitLine("refused").contains("not offered"), server.toString());
      assertEquals(1, server.awaitExit());
    }
  }

  private static Vattr regular() {
    return Vattr.builder().type(VType.VREG).mode(0644).build();
  }

  private static Vattr directory() {
    return Vattr.builder().type(VType.VDIR).mode(0755).build();
  }
}
