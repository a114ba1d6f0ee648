package org.jpuffs.cli;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code jpuffs} command. Exit codes: 0 success, 1 the operation failed, 2 usage error (picocli's
 * {@link ExitCode#USAGE}, for unknown options, bad values and a missing command).
 */
@Command(
    name = "jpuffs",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "NetBSD's puffs (Pass-to-Userspace Framework File System) on the JVM.",
    subcommands = {DemoCommand.class, MountCommand.class, UmountCommand.class, ServeCommand.class,
        StatusCommand.class, SessionsCommand.class, InspectCommand.class, ReplayCommand.class, HelpCommand.class})
public final class Jpuffs implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Jpuffs.class);

  @Spec
  CommandSpec spec;

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The {@code jpuffs} command line, with failures reported as one line on stderr and exit code 1. */
  public static CommandLine commandLine() {
    return new CommandLine(new Jpuffs()).setExecutionExceptionHandler(Jpuffs::onFailure);
  }

  /** {@code jpuffs} without a command is a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing a command");
  }

  /**
   * An operation failed: the message is for the user, the stack trace for whoever turns debug logging on. A
   * command's own "it did not work" is its exit code; this is for the exceptions it could not handle.
   */
  private static int onFailure(Exception failure, CommandLine commandLine, ParseResult parsed) {
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    String command = commandLine.getCommandSpec().qualifiedName();
    commandLine.getErr().println(commandLine.getColorScheme().errorText(command + ": " + message));
    LOG.debug("{} failed", command, failure);
    return ExitCode.SOFTWARE;
  }
}
