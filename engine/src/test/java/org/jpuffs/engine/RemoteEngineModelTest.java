package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jpuffs.engine.remote.RemoteEngine;
import org.jpuffs.engine.remote.RemoteServerJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The model test through a memfs in a second JVM: every request and reply crosses Artery as CBOR. Random operations
 * ({@value #OPS} by default, {@code -Djpuffs.engine.model.ops=N}) must leave the same tree as the reference model,
 * and no vnode reference may leak (the unforced unmount succeeds).
 */
class RemoteEngineModelTest {

  private static final int OPS = 2_000;
  /** The first message of each kind makes Jackson build its serializers on both sides, slowly on a busy machine. */
  static final String REMOTE_TIMEOUTS = "jpuffs.engine { describe-timeout = 20s, request-timeout = 20s }";
  static final RemoteEngine engine =
      RemoteEngine.start(ConfigFactory.parseString(REMOTE_TIMEOUTS), ConfigFactory.load("application-test"), "127.0.0.1", 0);

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void randomOperationsAgainstAServerInAnotherJvmMatchTheModel() {
    String name = "remote-model";
    try (RemoteServerJvm server = RemoteServerJvm.start(engine, name, "tok", "memfs", List.of())) {
      CompletionStage<Mount> mounting = engine.mountWhenRegistered(MountRequest.of(name), "tok");
      server.awaitLine("registered"); // a JVM start on a busy machine may take longer than await's bound
      Mount mount = await(mounting);
      long seed = EngineModelChecker.seed();
      EngineModelChecker.Report report = EngineModelChecker.run(mount, seed,
          EngineModelChecker.operations(OPS));
      System.out.println("remote engine model test, seed " + seed + ": " + report);
      assertTrue(report.largeWrites() > 0, "some writes needed more than one message (seed " + seed + ")");
      await(mount.unmount(0));
    }
  }
}
