package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.DispatcherSizing;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;

/**
 * A server mounted through the engine and FUSE on a fresh directory, plus a way to run real programs in it. The FUSE
 * tests run only where the kernel lets this process mount ({@link #available()}); .ci/run fails if they were skipped
 * where they could have run.
 */
final class FuseFixture implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();

  final Mount mount;
  final FuseMount fuse;
  final Path dir;

  private FuseFixture(Mount mount, FuseMount fuse, Path dir) {
    this.mount = mount;
    this.fuse = fuse;
    this.dir = dir;
  }

  /**
   * A test kit whose actor system has the engine's own dispatcher ({@link DispatcherSizing}), so the FUSE tests run the
   * reader threads' caller-runs path as {@code jpuffs mount} does.
   */
  static ActorTestKit testKit() {
    return ActorTestKit.create(DispatcherSizing.apply(ActorTestKit.applicationTestConfig()));
  }

  /** Root and an openable /dev/fuse: what mounting needs on these machines (/dev/fuse is 0600). */
  static boolean available() {
    return Files.isReadable(Path.of("/dev/fuse")) && Files.isWritable(Path.of("/dev/fuse"))
        && "root".equals(System.getProperty("user.name"));
  }

  static FuseFixture mount(ActorTestKit testKit, FileSystemServer server, FuseOptions options) throws IOException {
    PuffsEngine engine = PuffsEngine.attach(testKit.system(), testKit.system().settings().config());
    String name = "fuse" + NAMES.incrementAndGet();
    // The puffs flags among the options (nocache_page, …) go to the engine, as jpuffs mount passes them.
    Mount mount = await(engine.mount(MountRequest.of(name).withRecordLevel(RecordLevel.NONE)
        .withExtraKflags(options.kflags()),
        testKit.spawn(ServerRuntime.create(server))));
    Path dir = Files.createTempDirectory("jpuffs-fuse-");
    return new FuseFixture(mount, FuseMount.mount(mount, dir, options), dir);
  }

  /** Runs {@code script} with bash in the mount; returns its output, failing the test on a non-zero exit. */
  String sh(String script) {
    Result r = run(script);
    assertEquals(0, r.exit, () -> "script failed (" + r.exit + "):\n" + script + "\n---\n" + r.output);
    return r.output;
  }

  /** Runs {@code script} with bash in the mount. */
  Result run(String script) {
    return run(dir, script);
  }

  static Result run(Path cwd, String script) {
    try {
      List<String> cmd = new ArrayList<>(List.of("bash", "-euo", "pipefail", "-c", script));
      Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(240, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("script did not finish: " + script);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  record Result(int exit, String output) {}

  @Override
  public void close() throws IOException {
    fuse.close();
    await(mount.unmount(1));
    Files.deleteIfExists(dir);
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }
}
