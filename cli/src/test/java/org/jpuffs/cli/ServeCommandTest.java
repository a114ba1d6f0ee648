package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.remote.RemoteEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jpuffs serve} as a real second process, registering with an engine in the test JVM. */
class ServeCommandTest {

  static final RemoteEngine engine = RemoteEngine.start(
      ConfigFactory.parseString(
          "jpuffs { journal = in-memory, engine { describe-timeout = 20s, request-timeout = 20s } }"),
      ConfigFactory.load(), "127.0.0.1", 0);

  @TempDir
  Path tmp;

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void servesAPassthroughDirectoryToTheEngine() throws Exception {
    Files.writeString(tmp.resolve("hello.txt"), "hello from the host");
    Process serve = jpuffs("serve", "--fs", "passthrough:" + tmp, "--engine", engine.address().toString(),
        "--mount", "cli-pt", "--token", "s3cret");
    try {
      Mount mount = engine.mountWhenRegistered(MountRequest.of("cli-pt"), "s3cret").toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      Vnode root = mount.root().toCompletableFuture().get(20, TimeUnit.SECONDS);
      try (Vnode hello = root.lookup("hello.txt", Cred.ROOT).toCompletableFuture().get(20, TimeUnit.SECONDS)) {
        assertEquals(Bytes.utf8("hello from the host"),
            hello.read(0, 100, 0, Cred.ROOT).toCompletableFuture().get(20, TimeUnit.SECONDS));
      }
      try (Vnode made = root.create("made.txt", Vattr.builder().type(VType.VREG).mode(0644).build(), Cred.ROOT)
          .toCompletableFuture().get(20, TimeUnit.SECONDS)) {
        made.write(0, Bytes.utf8("over artery"), 0, Cred.ROOT).toCompletableFuture().get(20, TimeUnit.SECONDS);
        // The page cache writes back: fsync is the durability point that puts the data on the server.
        made.fsync(0, 0, 0, Cred.ROOT).toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
      assertEquals("over artery", Files.readString(tmp.resolve("made.txt")));
      root.release();
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWrongTokenExitsOneWithTheRefusal() throws Exception {
    engine.servers().offer("cli-refused", "right").toCompletableFuture().get(20, TimeUnit.SECONDS);
    Process serve = jpuffs("serve", "--fs", "memfs", "--engine", engine.address().toString(),
        "--mount", "cli-refused", "--token", "wrong");
    assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve gave up");
    assertEquals(1, serve.exitValue());
    String err = Files.readString(tmp.resolve("stderr"));
    assertTrue(err.contains("refused mount cli-refused: wrong registration token"), err);
  }

  @Test
  void aBadEngineAddressIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = Jpuffs.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("serve", "--fs", "memfs", "--engine", "nowhere", "--mount", "m");
    assertEquals(CommandLine.ExitCode.USAGE, code);
    assertTrue(err.toString().contains("not HOST:PORT"), err.toString());
  }

  private Process jpuffs(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", classPath(), Jpuffs.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(tmp.resolve("stderr").toFile())
        .redirectOutput(tmp.resolve("stdout").toFile()).start();
  }

  /** Surefire runs tests from a manifest-only jar; the real class path is in this property then. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isEmpty() ? surefire : System.getProperty("java.class.path");
  }
}
