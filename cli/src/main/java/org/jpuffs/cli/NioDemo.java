package org.jpuffs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.nio.PuffsFileSystems;

/**
 * The java.nio.file part of {@code jpuffs demo}: a server mounted as {@code puffs:/nio-demo} and used only through
 * {@link Files} and {@link Path}, as any Java library would use it — directories, text, a copy, a move, a symlink,
 * POSIX permissions, a walk, a watch service — with each step printed. Runnable alone: {@code java -cp ... 
 * org.jpuffs.cli.NioDemo}.
 */
final class NioDemo {

  private final Supplier<FileSystemServer> servers;
  private final PrintStream out;
  private final List<String> problems = new ArrayList<>();

  NioDemo(Supplier<FileSystemServer> servers, PrintStream out) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs the demo on an engine of its own; returns the problems found (none is success). */
  List<String> run(Config config) {
    try (PuffsEngine engine = PuffsEngine.start(config);
         FileSystem fs = FileSystems.newFileSystem(URI.create("puffs:/nio-demo"),
             // As root: a fresh server's root directory belongs to root, and the demo makes its tree there. A service
             // would leave CRED out and act as the user the JVM runs as.
             Map.of(PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, servers,
                 PuffsFileSystems.CRED, Cred.ROOT))) {
      step("mounted " + fs + " on " + Files.getFileStore(fs.getPath("/")).type());
      exercise(fs);
    } catch (IOException | RuntimeException e) {
      problem("the nio demo failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem("interrupted");
    }
    out.printf("nio summary: %d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
    return List.copyOf(problems);
  }

  private void exercise(FileSystem fs) throws IOException, InterruptedException {
    Path docs = Files.createDirectories(fs.getPath("/docs/drafts"));
    try (WatchService watcher = fs.newWatchService()) {
      docs.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      Path draft = Files.writeString(docs.resolve("draft.txt"), "puffs, through java.nio.file\n");
      step("wrote " + draft + " (" + Files.size(draft) + " bytes)");
      WatchKey key = watcher.poll(10, TimeUnit.SECONDS);
      check(key != null, "the watch service saw the new file");
      if (key != null) {
        key.pollEvents().forEach(e -> step("watch: " + e.kind().name() + " " + e.context()));
      }
      Path copy = Files.copy(draft, fs.getPath("/docs/copy.txt"));
      Path notes = Files.move(draft, fs.getPath("/docs/notes.txt"));
      step("copied to " + copy + ", moved to " + notes);
      Files.createSymbolicLink(fs.getPath("/latest"), notes);
      check(Files.readString(fs.getPath("/latest")).equals(Files.readString(copy)), "the link reads the notes");
      Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-r-----"));
      step("permissions of " + notes + ": "
          + PosixFilePermissions.toString(Files.getPosixFilePermissions(notes)));
      try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
        step("walk: " + walk.map(Path::toString).toList());
      }
      try {
        Files.readString(draft);
        problem("the moved draft is still readable");
      } catch (NoSuchFileException e) {
        step("reading the moved draft: NoSuchFileException (as it should)");
      }
    }
  }

  private void step(String line) {
    out.println("nio: " + line);
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

  /** Runs the demo over memfs with the configuration on the class path. */
  public static void main(String[] args) {
    List<String> problems = new NioDemo(DemoServers::memfs, System.out).run(ConfigFactory.load());
    System.exit(problems.isEmpty() ? 0 : 1);
  }
}
