package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerExecutors;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.engine.dispatch.CallerRuns;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.Test;

/**
 * The engine's own actor system runs on the caller-runs dispatcher: a request made inside {@link CallerRuns#run} to
 * a server that answers on its actor's thread (memfs inline, as {@code jpuffs mount} runs it) is, as a rule, answered
 * by the time {@code run} returns, with no other thread involved. This is what the FUSE bridge's reader threads
 * rely on to save a thread wake-up per request.
 */
class CallerRunsEngineTest {

  @Test
  void aRequestToAnInlineServerIsAnsweredOnTheCallersThread() {
    try (PuffsEngine engine = PuffsEngine.start(ConfigFactory.parseString("jpuffs.journal = in-memory")
        .withFallback(ConfigFactory.load()))) {
      ServerRuntime.Settings inline = ServerRuntime.Settings.fromConfig(engine.system().settings().config())
          .withExecutor(ServerExecutors.Kind.INLINE);
      ActorRef<ServerRuntime.Command> runtime = engine.system().systemActorOf(
          ServerRuntime.create(new MemFs(), inline), "server-inline", Props.empty());
      Mount mount = await(engine.mount(MountRequest.of("inline"), runtime));
      Vnode root = await(mount.root());
      Thread caller = Thread.currentThread();
      int answeredInline = 0;
      for (int i = 0; i < 100; i++) {
        String name = "d" + i;
        Thread[] completedOn = new Thread[1];
        CompletionStage<Vnode> made = CallerRuns.run(() -> root
            .mkdir(name, Vattr.builder().type(VType.VDIR).mode(0755).build(), Cred.ROOT)
            .whenComplete((dir, failure) -> completedOn[0] = Thread.currentThread()));
        CompletableFuture<Vnode> future = made.toCompletableFuture();
        if (future.isDone() && completedOn[0] == caller) {
          answeredInline++;
        }
        assertEquals(VType.VDIR, await(future.join().getattr(Cred.ROOT)).type());
        future.join().release();
      }
      // Not all 100: a request whose actor a worker is running at that moment (the mount's start still being
      // journaled, say) is finished by that worker, and must be, or the caller would wait.
      assertTrue(answeredInline > 50, answeredInline + " of 100 answered on the caller's thread");
    }
  }

  @Test
  void aReleaseRunsWhatItCausesOnTheReleasingThread() {
    try (PuffsEngine engine = PuffsEngine.start(ConfigFactory.parseString("jpuffs.journal = in-memory")
        .withFallback(ConfigFactory.load()))) {
      Map<Cookie, Thread> inactivatedOn = new ConcurrentHashMap<>();
      RequestInterceptor recorder = new RequestInterceptor() {
        @Override
        public Verdict onRequest(PuffsRequest request) {
          if (request.op() instanceof VnOp.Inactive) {
            inactivatedOn.put(request.cookie(), Thread.currentThread());
          }
          return Verdict.CONTINUE;
        }
      };
      // Without IAONDEMAND memfs is sent INACTIVE whenever a node loses its last reference.
      ServerRuntime.Settings inline = ServerRuntime.Settings.fromConfig(engine.system().settings().config())
          .withExecutor(ServerExecutors.Kind.INLINE).withInterceptor(recorder);
      ActorRef<ServerRuntime.Command> runtime = engine.system().systemActorOf(
          ServerRuntime.create(MemFs.builder().inactiveOnDemand(false).build(), inline), "server-inline",
          Props.empty());
      Mount mount = await(engine.mount(MountRequest.of("released"), runtime));
      Vnode root = await(mount.root());
      Thread caller = Thread.currentThread();
      int inactivatedInline = 0;
      for (int i = 0; i < 100; i++) {
        Vnode dir = await(root.mkdir("d" + i, Vattr.builder().type(VType.VDIR).mode(0755).build(), Cred.ROOT));
        dir.release();
        if (inactivatedOn.get(dir.cookie()) == caller) {
          inactivatedInline++;
        }
      }
      // As above: a worker that happens to be running the mount's actor finishes the release instead.
      assertTrue(inactivatedInline > 50, inactivatedInline + " of 100 inactivated on the releasing thread");
    }
  }
}
