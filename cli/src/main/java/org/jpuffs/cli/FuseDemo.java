package org.jpuffs.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.fuse.FuseMount;
import org.jpuffs.fuse.FuseOptions;

/**
 * The FUSE leg of {@code jpuffs demo}: memfs mounted on a temporary directory through the kernel, then used by the
 * JDK's own file API and by a real program ({@code ls}), the way any Linux program would use it. It runs only where
 * this process may mount (root and /dev/fuse); elsewhere it says why it is skipped.
 */
final class FuseDemo {
  private final Supplier<FileSystemServer> servers;
  private final PrintStream out;
  private final List<String> problems = new ArrayList<>();

  FuseDemo(Supplier<FileSystemServer> servers, PrintStream out) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Root with a usable /dev/fuse: mount(2) works without fusermount3's set-uid help. */
  static boolean possible() {
    return Files.isReadable(Path.of("/dev/fuse")) && Files.isWritable(Path.of("/dev/fuse"))
        && "root".equals(System.getProperty("user.name"));
  }

  /** Runs the FUSE leg, or says why not; returns the problems found (none is success). */
  List<String> run(Config config) {
    if (!possible()) {
      out.println("fuse: skipped (needs root and /dev/fuse)");
      return List.of();
    }
    try (PuffsEngine engine = PuffsEngine.start(config)) {
      ActorRef<ServerRuntime.Command> runtime = engine.system().systemActorOf(
          ServerRuntime.create(servers.get()), "fuse-demo-server", Props.empty());
      Mount mount = engine.mount(MountRequest.of("fuse-demo").withRecordLevel(RecordLevel.NONE), runtime)
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      Path dir = Files.createTempDirectory("jpuffs-demo-");
      try (FuseMount fuse = FuseMount.mount(mount, dir, FuseOptions.DEFAULT)) {
        out.printf("fuse: memfs mounted at %s (FUSE 7.%d)%n", dir, fuse.protocolMinor());
        exercise(dir);
      } finally {
        Files.deleteIfExists(dir);
      }
      out.println("fuse: unmounted");
      mount.unmount(MountFlags.MNT_FORCE).toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      problem("the FUSE leg failed: " + e);
    }
    out.printf("fuse summary: %d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
    return List.copyOf(problems);
  }

  private void exercise(Path dir) throws IOException, InterruptedException {
    String text = "written through the Linux kernel\n";
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/kernel.txt"), text);
    Files.move(dir.resolve("docs/kernel.txt"), dir.resolve("docs/notes.txt"));
    step("mkdir docs, write docs/kernel.txt, rename to docs/notes.txt");
    String back = Files.readString(dir.resolve("docs/notes.txt"));
    check(back.equals(text), "read back what was written");
    step("read docs/notes.txt: " + PuffsText.quote(back.strip()));
    Process ls = new ProcessBuilder("ls", "-l", "docs").directory(dir.toFile()).redirectErrorStream(true).start();
    String listing = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    check(ls.waitFor() == 0 && listing.contains("notes.txt"), "ls -l shows notes.txt");
    step("ls -l docs: " + listing.lines().filter(l -> l.contains("notes.txt")).findFirst().orElse("?").strip());
    try (Stream<Path> files = Files.walk(dir)) {
      step("files under the mount: " + files.filter(Files::isRegularFile).count());
    }
    Files.delete(dir.resolve("docs/notes.txt"));
    Files.delete(dir.resolve("docs"));
  }

  private void step(String line) {
    out.println("fuse: " + line);
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      problem(what);
    }
  }

  private void problem(String what) {
    problems.add(what);
    out.println("!! " + what);
  }
}
