package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@code jpuffs mount --listen … --wait-server} with its server in a {@code jpuffs serve} process: a shell loop that
 * writes, appends, renames, lists and reads back files in the mount keeps running without a single error while the
 * server process is killed with SIGKILL and a new one is started. Needs root and /dev/fuse.
 */
@EnabledIf("org.jpuffs.cli.MountLifeTest#fuseAvailable")
class RemoteMountTest {

  private static final String TOKEN = "fuse-" + ThreadLocalRandom.current().nextLong();
  /** Iterations the loop must complete with the first server, and again with the second. */
  private static final int ITERATIONS = 30;
  /**
   * Each iteration writes file f(i mod 8) with a line naming i, appends to a log, renames through a temporary
   * name, lists the directory and reads every file it wrote back, exiting non-zero at the first difference; it prints
   * the iteration number. It ends cleanly when the stop file appears.
   */
  private static final String LOOP = """
      set -eu
      dir=$1; stop=$2; i=0
      : > "$dir/log"
      while [ ! -e "$stop" ]; do
        i=$((i + 1)); k=$((i % 8))
        echo "line $i" > "$dir/tmp"
        mv "$dir/tmp" "$dir/f$k"
        echo "$i" >> "$dir/log"
        ls "$dir" > /dev/null
        [ "$(cat "$dir/f$k")" = "line $i" ] || { echo "f$k: $(cat "$dir/f$k") instead of line $i" >&2; exit 3; }
        [ "$(wc -l < "$dir/log")" -eq "$i" ] || { echo "log has $(wc -l < "$dir/log") lines, not $i" >&2; exit 4; }
        echo "$i"
      done
      echo "done $i"
      """;

  private Path dir;
  private Path work;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void directories() throws IOException {
    dir = Files.createTempDirectory("jpuffs-remote-");
    work = Files.createTempDirectory("jpuffs-remote-work-");
  }

  @AfterEach
  void cleanUp() throws IOException, InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    if (MountLifeTest.mounted(dir)) {
      new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
    }
    Files.deleteIfExists(dir);
  }

  @Test
  void aShellLoopRunsWithoutErrorAcrossAKillMinus9OfTheServerProcess() throws Exception {
    Lines mount = start(List.of("mount", "--name", "remote", "--listen", "127.0.0.1:0", "--wait-server",
        "--token", TOKEN, dir.toString()));
    String waiting = mount.await("waiting for a server for mount remote at ");
    String engine = waiting.substring(waiting.lastIndexOf(' ') + 1);
    Lines firstServer = serve(engine);
    mount.await("mounted remote at " + dir);

    Path stop = work.resolve("stop");
    Lines loop = new Lines(new ProcessBuilder("bash", "-c", LOOP, "loop", dir.toString(), stop.toString())
        .redirectError(work.resolve("loop.stderr").toFile()).start());
    processes.add(loop.process);
    loop.await(Integer.toString(ITERATIONS));

    // SIGKILL, as kill -9: the JVM gets no chance to say goodbye.
    firstServer.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Lines secondServer = serve(engine);
    long registered = System.nanoTime();
    int from = Integer.parseInt(loop.nextAfter(registered));
    loop.await(Integer.toString(from + ITERATIONS));
    System.out.printf("FUSE loop across kill -9: the longest pause between two iterations was %d ms%n",
        loop.longestPause() / 1_000_000);

    Files.createFile(stop);
    assertTrue(loop.process.waitFor(60, TimeUnit.SECONDS), "the loop stopped");
    assertEquals(0, loop.process.exitValue(), Files.readString(work.resolve("loop.stderr")));
    assertEquals("", Files.readString(work.resolve("loop.stderr")), "the loop saw no error");
    assertTrue(loop.await("done ").startsWith("done "));

    Process umount = start(List.of("umount", dir.toString())).process;
    assertEquals(0, umount.waitFor());
    assertTrue(mount.process.waitFor(60, TimeUnit.SECONDS), "jpuffs mount ended");
    assertEquals(0, mount.process.exitValue());
    assertFalse(MountLifeTest.mounted(dir));
    secondServer.process.destroy();
  }

  private Lines serve(String engine) throws IOException, InterruptedException {
    Lines server = start(List.of("serve", "--fs", "memfs", "--engine", engine, "--mount", "remote",
        "--token", TOKEN));
    server.await("serving mount remote for engine " + engine);
    return server;
  }

  /** {@code jpuffs ARGS} in a JVM of its own, as {@link MountLifeTest#jpuffs}, with remote timeouts for a busy host. */
  private Lines start(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djpuffs.journal=in-memory", "-Djpuffs.engine.describe-timeout=20s", "-Djpuffs.engine.request-timeout=60s",
        "-cp", System.getProperty("java.class.path"), Jpuffs.class.getName()));
    cmd.addAll(args);
    Lines lines = new Lines(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    processes.add(lines.process);
    return lines;
  }

  /** A process's stdout, line by line with their arrival times, read on a thread of its own. */
  private static final class Lines {
    private record Line(String text, long nanos) {}

    final Process process;
    private final BlockingQueue<Line> queue = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();
    private long lastNanos;
    private long longestPause;

    Lines(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            queue.add(new Line(line, System.nanoTime()));
          }
        } catch (IOException e) {
          queue.add(new Line("stdout failed: " + e, System.nanoTime()));
        }
      }, "stdout of " + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line. */
    String next() throws InterruptedException {
      return nextLine().text();
    }

    private Line nextLine() throws InterruptedException {
      Line line = queue.poll(120, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no more output from pid " + process.pid() + " after:\n" + seen);
      }
      seen.append(line.text()).append('\n');
      if (lastNanos != 0) {
        longestPause = Math.max(longestPause, line.nanos() - lastNanos);
      }
      lastNanos = line.nanos();
      return line;
    }

    /** The first line that arrived after {@code nanos} ({@link System#nanoTime}). */
    String nextAfter(long nanos) throws InterruptedException {
      while (true) {
        Line line = nextLine();
        if (line.nanos() > nanos) {
          return line.text();
        }
      }
    }

    /** The longest time between two lines read so far. */
    long longestPause() {
      return longestPause;
    }

    /** The next line starting with {@code prefix}, skipping others. */
    String await(String prefix) throws InterruptedException {
      while (true) {
        String line = next();
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }
  }
}
