package org.jpuffs.api.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the project's main code on {@link Asks}: a plain {@code ActorContext.ask} or {@code AskPattern.ask} whose
 * answer gets a callback starts a thread per answer on a 2-CPU machine (see {@link Asks}). The few places that take
 * Pekko's future and hand it straight to an executor of their own, or only wait for it, are listed here.
 */
class NoPekkoAskCallbacksTest {

  private static final Pattern PEKKO_ASK =
      Pattern.compile("(getContext\\(\\)|\\bctx|\\bcontext)\\.ask\\(|AskPattern\\s*\\.\\s*(<[^()]*?>)?\\s*ask\\(");
  /** Files that use AskPattern.ask and then only block on it or move it to an executor explicitly. */
  private static final List<String> ALLOWED = List.of(
      "server-api/src/main/java/org/jpuffs/api/concurrent/Asks.java",
      "engine/src/main/java/org/jpuffs/engine/EngineCalls.java",
      "engine/src/main/java/org/jpuffs/engine/recovery/JournalInspector.java",
      "nio/src/main/java/org/jpuffs/nio/PuffsFileSystemProvider.java",
      "cli/src/main/java/org/jpuffs/cli/Demo.java",
      "bench/src/main/java/org/jpuffs/bench/EngineRoundTripBenchmark.java");

  @Test
  void mainCodeAsksThroughAsks() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertTrue(Files.isDirectory(root.resolve("engine/src/main/java")), "not in a module of the repository: " + root);
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root, 20)) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> root.relativize(p).toString().contains("/src/main/java/"))
          .filter(p -> !ALLOWED.contains(root.relativize(p).toString()))
          .filter(p -> PEKKO_ASK.matcher(read(p)).find())
          .map(p -> root.relativize(p).toString())
          .toList();
    }
    assertEquals(List.of(), offenders, "use Asks instead of Pekko's ask in these files");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
