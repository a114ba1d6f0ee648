package org.jpuffs.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.replay.ReplayOptions;
import org.jpuffs.engine.replay.ReplayReport;
import org.jpuffs.engine.replay.Replayer;
import org.jpuffs.engine.replay.ReportText;
import org.jpuffs.persistence.SessionInfo;
import org.jpuffs.persistence.SessionReader;
import org.jpuffs.persistence.journal.JournalSettings;

/**
 * The replay part of {@code jpuffs demo}: the engine leg's session of mount {@code demo} — journaled at record level
 * full on the demo's LevelDB data dir, with the final state its unmount captured — read back from the data dir
 * (what {@code jpuffs replay --data DIR --mount demo --fs memfs} does) and replayed into a fresh memfs, printing the
 * summary. Zero divergences, final state included, is success.
 */
final class ReplayDemo {

  /** The mount the engine leg records. */
  static final String MOUNT = "demo";

  private final Supplier<FileSystemServer> servers;
  private final PrintStream out;
  private final List<String> problems = new ArrayList<>();

  ReplayDemo(Supplier<FileSystemServer> servers, PrintStream out) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Replays the last session of {@link #MOUNT} under {@code config}'s data dir; returns the problems found. */
  List<String> run(Config config) {
    JournalSettings settings = JournalSettings.fromConfig(config);
    if (settings.kind() != JournalSettings.Kind.LEVELDB) {
      out.println("replay: the engine journaled in memory; there is no data dir to replay from (skipped)");
      return List.of();
    }
    Path dataDir = settings.dataDir();
    try (SessionReader reader = SessionReader.open(dataDir)) {
      SessionInfo info = Cli.await(reader.session(MOUNT, OptionalLong.empty())).orElse(null);
      if (info == null) {
        problem("no session of " + MOUNT + " in " + dataDir);
      } else {
        out.println("replay: jpuffs sessions: " + info.line());
        out.println("replay: replaying it into a fresh memfs (jpuffs replay --data " + dataDir + " --mount " + MOUNT
            + " --fs memfs)");
        ReplayReport report = replay(reader, info);
        ReportText.summary(report).lines().forEach(line -> out.println("replay: " + line));
        if (!report.finalStateCompared()) {
          problem("the session has no final state to compare (was it recorded at level full?)");
        }
        if (!report.matches()) {
          problem(report.divergenceCount() + " divergence(s) replaying " + MOUNT + " session " + info.session());
        }
      }
    } catch (RuntimeException e) {
      problem("the replay failed: " + e.getMessage());
    }
    out.printf("replay summary: %d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
    return List.copyOf(problems);
  }

  private ReplayReport replay(SessionReader reader, SessionInfo info) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "jpuffs-demo-replay");
    try {
      ActorRef<ServerRuntime.Command> server = system.systemActorOf(ServerRuntime.create(servers.get()),
          "replayed-server", Props.empty());
      Replayer replayer = Cli.await(Replayer.connect(system, server, info.rootCookie(), ReplayOptions.defaults()));
      return Cli.await(replayer.replay(reader.records(info.mount(), info.session()), info.finalState()));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private void problem(String what) {
    problems.add(what);
    out.println("!! " + what);
  }
}
