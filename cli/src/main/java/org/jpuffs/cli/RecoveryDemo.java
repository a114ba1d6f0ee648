package org.jpuffs.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;

/**
 * The crash-and-recovery part of {@code jpuffs demo}: memfs mounted through a journaling engine writes a file, then
 * its runtime crashes in the middle of a request. The mount goes RECOVERING instead of dying (puffs would fail
 * everything with ENXIO), the request waits, and a fresh, empty memfs is attached: the engine replays the journaled
 * mutations into it, the waiting request completes, and the file reads back identical.
 */
final class RecoveryDemo {

  private static final Cred USER = Cred.user(1000, 1000);
  private static final long TIMEOUT_SECONDS = 30;

  private final Supplier<FileSystemServer> servers;
  private final PrintStream out;
  private final List<String> problems = new ArrayList<>();

  RecoveryDemo(Supplier<FileSystemServer> servers, PrintStream out) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs the recovery demo on an engine of its own; returns the problems found (none is success). */
  List<String> run(Config config) {
    try (PuffsEngine engine = PuffsEngine.start(config)) {
      AtomicBoolean crashNext = new AtomicBoolean();
      ActorRef<ServerRuntime.Command> first = serve(engine, "recovery-server-1", crashOnDemand(crashNext));
      Mount mount = await(engine.mount(MountRequest.of("recovery-demo"), first));
      Bytes text = Bytes.utf8("written before the crash, read after it\n");
      try (Vnode root = await(mount.root())) {
        try (Vnode file = await(root.create("survivor.txt",
            Vattr.builder().type(VType.VREG).mode(0644).build(), Cred.ROOT))) {
          await(file.write(0, text, 0, Cred.ROOT));
          await(file.fsync(0, 0, 0, Cred.ROOT));
        }
        out.println("recovery: wrote /survivor.txt (" + text.size() + " bytes), journaled");

        crashNext.set(true);
        CompletionStage<Vnode> waiting = root.mkdir("made-during-the-crash",
            Vattr.builder().type(VType.VDIR).mode(0755).build(), Cred.ROOT);
        MountInfo recovering = awaitStatus(mount, MountStatus.RECOVERING);
        out.printf("recovery: the server crashed; mount is %s, %d request(s) parked%n", recovering.status(),
            recovering.link().parked() + recovering.link().inFlight());

        await(mount.attach(serve(engine, "recovery-server-2", RequestInterceptor.NONE)));
        MountInfo after = await(mount.info());
        out.printf("recovery: a fresh memfs attached (epoch %d), %d journaled mutation(s) replayed, status %s%n",
            after.epoch(), after.link().replayDone(), after.status());
        await(waiting).release();
        out.println("recovery: the parked mkdir /made-during-the-crash completed");
        try (Vnode file = await(root.lookup("survivor.txt", USER))) {
          Bytes back = await(file.read(0, text.size(), 0, USER));
          if (back.equals(text)) {
            out.println("recovery: /survivor.txt reads back identical");
          } else {
            problem("/survivor.txt reads back " + back.size() + " different bytes");
          }
        }
      }
      await(mount.unmount(0));
      out.println("recovery: unmounted " + mount.name());
    } catch (PuffsException e) {
      problem("the recovery failed: " + e.getMessage());
    }
    out.printf("recovery summary: %d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
    return List.copyOf(problems);
  }

  private ActorRef<ServerRuntime.Command> serve(PuffsEngine engine, String name, RequestInterceptor interceptor) {
    ServerRuntime.Settings settings = ServerRuntime.Settings.fromConfig(engine.system().settings().config())
        .withInterceptor(interceptor);
    return engine.system().systemActorOf(ServerRuntime.create(servers.get(), settings), name, Props.empty());
  }

  /** Crashes the runtime at the first request after {@code crashNext} is set, as a server process dying would. */
  private static RequestInterceptor crashOnDemand(AtomicBoolean crashNext) {
    return new RequestInterceptor() {
      @Override
      public Verdict onRequest(PuffsRequest request) {
        return crashNext.get() ? Verdict.CRASH : Verdict.CONTINUE;
      }
    };
  }

  private MountInfo awaitStatus(Mount mount, MountStatus wanted) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      MountInfo info = await(mount.info());
      if (info.status() == wanted || System.nanoTime() > deadline) {
        return info;
      }
      try {
        Thread.sleep(10); // the demo polls a status; the tests wait on probes instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PuffsException(Errno.EINTR, "interrupted");
      }
    }
  }

  private void problem(String what) {
    problems.add(what);
    out.println("recovery: PROBLEM: " + what);
  }

  private static <T> T await(CompletionStage<T> stage) {
    return EngineDemo.await(stage);
  }
}
