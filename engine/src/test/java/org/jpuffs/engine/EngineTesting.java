package org.jpuffs.engine;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;

/** Shared plumbing for engine tests: one engine per test class inside the test kit's actor system. */
final class EngineTesting {
  private static final AtomicInteger names = new AtomicInteger();

  final ActorTestKit testKit;
  final PuffsEngine engine;

  EngineTesting(ActorTestKit testKit) {
    this.testKit = testKit;
    this.engine = PuffsEngine.attach(testKit.system(), testKit.system().settings().config());
  }

  static String freshName() {
    return "m" + names.incrementAndGet();
  }

  ActorRef<ServerRuntime.Command> serve(FileSystemServer server) {
    return testKit.spawn(ServerRuntime.create(server));
  }

  ActorRef<ServerRuntime.Command> serve(FileSystemServer server, RequestInterceptor interceptor) {
    return testKit.spawn(ServerRuntime.create(server,
        ServerRuntime.Settings.fromConfig(testKit.system().settings().config()).withInterceptor(interceptor)));
  }

  Mount mount(FileSystemServer server) {
    return await(engine.mount(MountRequest.of(freshName()), serve(server)));
  }

  /** A mount with {@code extraKflags}, e.g. NOCACHE_NAME for a test that counts the server's lookups. */
  Mount mount(FileSystemServer server, int extraKflags) {
    return await(engine.mount(MountRequest.of(freshName()).withExtraKflags(extraKflags), serve(server)));
  }

  /**
   * How long {@link #await} waits. A test whose clients must wait through a whole server restart (a new JVM starting
   * on a loaded machine) raises it for its duration and puts it back after.
   */
  static volatile java.time.Duration awaitLimit = java.time.Duration.ofSeconds(20);

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(awaitLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PuffsException puffs) {
        throw puffs;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }

  /** The errno {@code stage} fails with; a success is a test failure. */
  static Errno errnoOf(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return assertInstanceOf(PuffsException.class, e.getCause()).errno();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }
}
