package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class JpuffsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(CommandLine commandLine, String... args) {
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private int run(String... args) {
    return run(Jpuffs.commandLine(), args);
  }

  @Test
  void versionIsDevOutsideTheJar() {
    assertEquals(0, run("--version"));

    assertTrue(out.toString().startsWith("jpuffs " + ManifestVersion.DEV + System.lineSeparator()), out::toString);
    assertEquals("", err.toString());
  }

  @Test
  void helpListsTheDemo() {
    assertEquals(0, run("--help"));

    assertTrue(out.toString().contains("demo"), out::toString);
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, run("--bogus"));

    assertTrue(err.toString().contains("Unknown option: '--bogus'"), err::toString);
  }

  @Test
  void unknownDemoOptionIsAUsageError() {
    assertEquals(2, run("demo", "--bogus"));

    assertTrue(err.toString().contains("Unknown option: '--bogus'"), err::toString);
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertEquals(2, run("frobnicate"));

    assertTrue(err.toString().contains("frobnicate"), err::toString);
  }

  @Test
  void noCommandIsAUsageError() {
    assertEquals(2, run());

    assertTrue(err.toString().contains("Missing a command"), err::toString);
    assertTrue(err.toString().contains("Usage: jpuffs"), err::toString);
  }

  @Test
  void failingCommandExitsOneWithItsMessage() {
    CommandLine commandLine = Jpuffs.commandLine().addSubcommand("fail", new Failing());

    assertEquals(1, run(commandLine, "fail"));

    assertEquals("jpuffs fail: the server went away" + System.lineSeparator(), err.toString());
  }

  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the server went away");
    }
  }
}
