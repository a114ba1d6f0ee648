package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jpuffs mount}'s options for a server in another process go together; a wrong mix is a usage error. */
class MountWaitServerOptionsTest {

  private final StringWriter err = new StringWriter();

  private int mount(String... args) {
    CommandLine cli = Jpuffs.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "mount";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  @Test
  void listenWithoutWaitServerIsAUsageError() {
    assertEquals(CommandLine.ExitCode.USAGE, mount("--listen", "127.0.0.1:0", "/mnt"));
    assertTrue(err.toString().contains("--listen needs --wait-server"), err::toString);
  }

  @Test
  void waitServerWithoutListenIsAUsageError() {
    assertEquals(CommandLine.ExitCode.USAGE, mount("--wait-server", "/mnt"));
    assertTrue(err.toString().contains("--wait-server needs --listen HOST:PORT"), err::toString);
  }

  @Test
  void aFileSystemWithWaitServerIsAUsageError() {
    assertEquals(CommandLine.ExitCode.USAGE,
        mount("--wait-server", "--listen", "127.0.0.1:0", "--fs", "memfs", "/mnt"));
    assertTrue(err.toString().contains("--fs and --wait-server exclude each other"), err::toString);
  }

  @Test
  void aListenAddressThatIsNotHostAndPortIsAUsageError() {
    assertEquals(CommandLine.ExitCode.USAGE, mount("--wait-server", "--listen", "nowhere", "/mnt"));
    assertTrue(err.toString().contains("--listen: not HOST:PORT: nowhere"), err::toString);
  }
}
