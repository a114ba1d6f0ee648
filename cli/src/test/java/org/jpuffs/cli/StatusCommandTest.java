package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatusCommandTest {

  @TempDir
  Path tmp;

  private Config config(Path data) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + data + "\" }")
        .withFallback(ConfigFactory.load());
  }

  private record Run(int exit, String out, String err) {}

  private static Run status(Path data) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = Jpuffs.commandLine();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    int exit = line.execute("status", "--data", data.toString());
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void listsTheMountsOfADataDirAndNamesTheEngineThatHoldsIt() throws Exception {
    Path data = tmp.resolve("data");
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      var server = engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs", Props.empty());
      engine.mount(MountRequest.of("home").withMountedOn("/home"), server).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      Run busy = status(data);
      assertEquals(1, busy.exit());
      assertTrue(busy.err().contains(data.toAbsolutePath().normalize() + " in use by"), busy.err());
      assertTrue(busy.err().contains("pid " + ProcessHandle.current().pid()), busy.err());
    }
    Run run = status(data);
    assertEquals(0, run.exit(), run.err());
    assertEquals("NAME SESSION STATUS EPOCH RECORD-LEVEL MOUNTED-ON\nhome 1 RUNNING 1 mutations /home\n",
        run.out().replace(System.lineSeparator(), "\n"));
  }
}
