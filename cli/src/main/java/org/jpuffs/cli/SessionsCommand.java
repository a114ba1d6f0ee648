package org.jpuffs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.jpuffs.persistence.SessionInfo;
import org.jpuffs.persistence.SessionReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jpuffs sessions --data DIR [--delete NAME[:SESSION]]}: lists the recorded sessions, or prunes them. */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Lists the sessions recorded in a data dir, one line each: NAME SESSION START END OPS RECORD-LEVEL"
            + " (END is - for a session that did not end with an unmount).",
        "With --delete, deletes one session (NAME:SESSION) or every session of a mount (NAME)."})
final class SessionsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "The data dir.")
  Path dataDir;

  @Option(names = "--delete", paramLabel = "NAME[:SESSION]", description = "Delete these sessions.")
  String delete;

  @Override
  public Integer call() {
    try (SessionReader reader = SessionReader.open(dataDir)) {
      if (delete != null) {
        int colon = delete.lastIndexOf(':');
        String mount = colon < 0 ? delete : delete.substring(0, colon);
        OptionalLong session = colon < 0 ? OptionalLong.empty() : OptionalLong.of(number(delete.substring(colon + 1)));
        int deleted = Cli.await(reader.delete(mount, session));
        spec.commandLine().getOut().println("deleted " + deleted + " session" + (deleted == 1 ? "" : "s"));
        return deleted > 0 ? ExitCode.OK : ExitCode.SOFTWARE;
      }
      List<SessionInfo> sessions = Cli.await(reader.sessions());
      sessions.forEach(s -> spec.commandLine().getOut().println(s.line()));
      return ExitCode.OK;
    }
  }

  private long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--delete: not a session number: '" + text + "'");
    }
  }
}
