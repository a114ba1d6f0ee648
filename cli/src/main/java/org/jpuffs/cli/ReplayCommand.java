package org.jpuffs.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.replay.HtmlReport;
import org.jpuffs.engine.replay.ReplayOptions;
import org.jpuffs.engine.replay.ReplayReport;
import org.jpuffs.engine.replay.Replayer;
import org.jpuffs.engine.replay.ReportText;
import org.jpuffs.persistence.SessionInfo;
import org.jpuffs.persistence.SessionReader;
import org.jpuffs.servers.chaos.ChaosFault;
import org.jpuffs.servers.chaos.ChaosInterceptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code jpuffs replay --data DIR --mount NAME [--session N] --fs memfs|passthrough:DIR [--timing asap|original]
 * [--speed N] [--report FILE]}: re-drives a recorded session into a fresh server ({@link Replayer}) and exits 0 only
 * if nothing diverged.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Replays a recorded session (default: the mount's last) into a fresh server and compares every reply, and"
            + " the final tree when the session recorded one, with the recording.",
        "Prints a summary with latency percentiles per op type; --report FILE also writes an HTML page with latency"
            + " histograms. Exits 0 with no divergence, 1 otherwise."})
final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "The data dir holding the session.")
  Path dataDir;

  @Option(names = "--mount", paramLabel = "NAME", required = true, description = "The recorded mount.")
  String mount;

  @Option(names = "--session", paramLabel = "N", description = "The session (default: the last).")
  Long session;

  @Option(names = "--fs", paramLabel = "memfs|passthrough:DIR", required = true,
      converter = ServerChoice.Converter.class, description = "The server to replay into.")
  ServerChoice fs;

  @Option(names = "--timing", paramLabel = "asap|original", defaultValue = "asap",
      converter = TimingConverter.class,
      description = "asap: as fast as dependencies allow; original: at the recorded issue times (default: asap).")
  ReplayOptions.Timing timing;

  @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
      description = "With --timing original, issue N times faster than recorded (default: 1).")
  double speed;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write an HTML report here.")
  Path report;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Option(names = "--inject", paramLabel = "OP:ERRNO:PROBABILITY[:SEED]", converter = ErrnoInjection.Converter.class,
      description = "Make the server buggy on purpose: answer that share of the op's requests with the errno"
          + " (e.g. GETATTR:EIO:0.05).")
  ErrnoInjection inject;

  /** picocli's converter for {@code --timing}: a bad value is a usage error. */
  static final class TimingConverter implements ITypeConverter<ReplayOptions.Timing> {
    @Override
    public ReplayOptions.Timing convert(String value) {
      try {
        return ReplayOptions.Timing.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws IOException {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new ParameterException(spec.commandLine(), "--speed must be a positive number, not " + speed);
    }
    ReplayOptions options = ReplayOptions.defaults().withTiming(timing).withSpeed(speed);
    PrintWriter out = spec.commandLine().getOut();
    try (SessionReader reader = SessionReader.open(dataDir)) {
      SessionInfo info = Cli.await(reader.session(mount,
          session == null ? OptionalLong.empty() : OptionalLong.of(session))).orElse(null);
      if (info == null) {
        spec.commandLine().getErr().println("replay: no such session of " + mount);
        return ExitCode.SOFTWARE;
      }
      out.println("replaying " + info.line() + " into " + fs.spec() + " (" + timing.name().toLowerCase(Locale.ROOT)
          + (timing == ReplayOptions.Timing.ORIGINAL ? ", speed " + speed : "") + ")");
      ReplayReport result = replay(reader, info, options);
      out.print(ReportText.summary(result));
      if (report != null) {
        HtmlReport.write(result, "jpuffs replay of " + info.mount() + " session " + info.session(), report);
        out.println("report written to " + report);
      }
      out.flush();
      return result.matches() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  /** Runs the replay in an actor system of its own: it needs no engine and no journal, only the server runtime. */
  private ReplayReport replay(SessionReader reader, SessionInfo info, ReplayOptions options) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "jpuffs-replay", ConfigFactory.load());
    try (ProgressBar bar = progressBar(info.ops())) {
      FileSystemServer fresh = fs.newServer();
      ServerRuntime.Settings settings = ServerRuntime.Settings.fromConfig(system.settings().config());
      ChaosInterceptor chaos = inject == null ? null : inject.interceptor(fresh.mountSpec().rootCookie());
      ErrnoInjection.Armed armed = chaos == null ? null : new ErrnoInjection.Armed(chaos);
      ActorRef<ServerRuntime.Command> server = system.systemActorOf(ServerRuntime.create(fresh,
          armed == null ? settings : settings.withInterceptor(armed)), "replayed-server", Props.empty());
      long total = info.ops();
      ReplayOptions withProgress = options.withProgress(done -> {
        if (bar != null) {
          bar.stepTo(done);
        }
        if (armed != null && done >= total) {
          armed.disarm();
        }
      });
      Replayer replayer = Cli.await(Replayer.connect(system, server, info.rootCookie(), withProgress));
      ReplayReport report = Cli.await(replayer.replay(reader.records(info.mount(), info.session()),
          info.finalState()));
      if (chaos != null) {
        spec.commandLine().getOut().println("injected " + chaos.counters().count(ChaosFault.ERROR) + " "
            + inject.errno().symbol() + " into " + inject.op());
      }
      return report;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private ProgressBar progressBar(long total) {
    if (noProgress) {
      return null;
    }
    // on stderr, so that stdout carries only the summary
    return new ProgressBarBuilder().setTaskName("replay").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200)
        .build();
  }
}
