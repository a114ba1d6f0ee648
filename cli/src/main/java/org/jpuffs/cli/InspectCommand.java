package org.jpuffs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.SessionInfo;
import org.jpuffs.persistence.SessionReader;
import org.jpuffs.persistence.oplog.CookieMap;
import org.jpuffs.persistence.oplog.OpRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jpuffs inspect --data DIR --mount NAME [--session N] [--op TYPE] [--node COOKIE]}: a session as text, one
 * request and its reply per record, like a packet dump.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Prints a recorded session (default: the mount's last) as text: per record its number, issue time from the"
            + " session's start, server latency, caller, the request and the reply.",
        "--op keeps one op type (LOOKUP or 'VN LOOKUP'); --node keeps the records that touch one node cookie."})
final class InspectCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "The data dir.")
  Path dataDir;

  @Option(names = "--mount", paramLabel = "NAME", required = true, description = "The mount.")
  String mount;

  @Option(names = "--session", paramLabel = "N", description = "The session (default: the last).")
  Long session;

  @Option(names = "--op", paramLabel = "TYPE", description = "Only this op type.")
  String op;

  @Option(names = "--node", paramLabel = "COOKIE", description = "Only records touching this cookie (0x… or decimal).")
  String node;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Cookie wanted = node == null ? null : Cookie.of(Long.decode(node));
    try (SessionReader reader = SessionReader.open(dataDir)) {
      SessionInfo info = Cli.await(reader.session(mount,
          session == null ? OptionalLong.empty() : OptionalLong.of(session))).orElse(null);
      if (info == null) {
        spec.commandLine().getErr().println("inspect: no such session of " + mount);
        return ExitCode.SOFTWARE;
      }
      out.println("# " + info.line() + " root=" + info.rootCookie());
      PuffsText text = new PuffsText(info.rootCookie());
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "jpuffs-inspect");
      try {
        Cli.await(reader.records(info.mount(), info.session())
            .filter(r -> matches(r, wanted))
            .runWith(Sink.foreach(r -> out.println(line(text, r))), system));
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  private boolean matches(OpRecord record, Cookie wanted) {
    if (op != null) {
      String name = record.request().op().opName();
      String type = record.request().op().typeName();
      if (!name.equalsIgnoreCase(op) && !type.equalsIgnoreCase(op)) {
        return false;
      }
    }
    return wanted == null || record.request().cookie().equals(wanted)
        || CookieMap.nodeOf(record.reply()).map(wanted::equals).orElse(false)
        || carries(record.request().op(), wanted);
  }

  /** {@code true} if {@code op} names {@code cookie} among its own fields (REMOVE, RMDIR, LINK, RENAME). */
  private static boolean carries(Op op, Cookie cookie) {
    if (op instanceof VnOp.Remove o) {
      return o.target().equals(cookie);
    }
    if (op instanceof VnOp.Rmdir o) {
      return o.target().equals(cookie);
    }
    if (op instanceof VnOp.Link o) {
      return o.target().equals(cookie);
    }
    if (op instanceof VnOp.Rename o) {
      return o.source().equals(cookie) || o.targetDir().equals(cookie) || o.target().equals(cookie);
    }
    return false;
  }

  /** {@code 12 +0.001234s 15.2us pid=7 uid=0  #34 VN LOOKUP root name=a  →  #34 OK NewNode cookie=0x2 …}. */
  static String line(PuffsText text, OpRecord r) {
    String head = String.format(Locale.ROOT, "%6d +%.6fs %9s pid=%d %s  ", r.seq(), r.issuedNanos() / 1e9,
        r.reply() == null ? "FAF" : micros(Duration.ofNanos(r.latencyNanos())), r.request().pid(),
        r.request().cred());
    return head + text.request(r.request()) + (r.reply() == null ? "" : "  ->  " + text.reply(r.reply()));
  }

  private static String micros(Duration d) {
    return String.format(Locale.ROOT, "%.1fus", d.toNanos() / 1e3);
  }
}
