package org.jpuffs.engine.replay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Source;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.ModelWorkload;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.persistence.oplog.OpRecord;
import org.jpuffs.persistence.oplog.StateSummary;

/**
 * A session recorded for tests: the model test's random workload run through an engine over {@code server}, with a
 * {@link RecordingProxy} between them; the server's final tree captured after the unmount, as the recording side does.
 *
 * @param records the op log
 * @param root the recorded server's root cookie
 * @param finalState the tree the session left
 */
record RecordedSession(List<OpRecord> records, Cookie root, StateSummary finalState) {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger names = new AtomicInteger();

  /** Records {@code ops} random operations of seed {@code seed} against {@code server}. */
  static RecordedSession record(ActorTestKit testKit, PuffsEngine engine, FileSystemServer server, long seed,
      int ops) {
    RecordingProxy proxy = new RecordingProxy();
    ActorRef<ServerRuntime.Command> runtime = testKit.spawn(ServerRuntime.create(server));
    ActorRef<ServerRuntime.Command> recorded = testKit.spawn(proxy.behavior(runtime));
    Mount mount = await(engine.mount(MountRequest.of("recorded" + names.incrementAndGet()), recorded));
    ModelWorkload.run(mount, seed, ops);
    await(mount.unmount(0));
    Cookie root = server.mountSpec().rootCookie();
    StateSummary finalState = await(StateSummaries.capture(testKit.system(), runtime, root, Cred.ROOT, TIMEOUT));
    testKit.stop(recorded);
    testKit.stop(runtime);
    return new RecordedSession(proxy.records(), root, finalState);
  }

  /** The records as the stream a session reader gives. */
  Source<OpRecord, ?> source() {
    return Source.from(records);
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toSeconds() * 4, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }
}
