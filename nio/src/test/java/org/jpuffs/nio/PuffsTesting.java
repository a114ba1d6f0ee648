package org.jpuffs.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.engine.PuffsEngine;

/** One engine in a test kit's actor system, and puffs file systems mounted through the provider's env. */
final class PuffsTesting {

  private static final AtomicInteger names = new AtomicInteger();

  final ActorTestKit testKit;
  final PuffsEngine engine;

  PuffsTesting(ActorTestKit testKit) {
    this.testKit = testKit;
    this.engine = PuffsEngine.attach(testKit.system(), testKit.system().settings().config());
  }

  /** A fresh mount name, so test classes sharing a JVM never collide. */
  static String freshName(String prefix) {
    return prefix + "-" + names.incrementAndGet() + "-" + ProcessHandle.current().pid();
  }

  /** {@code FileSystems.newFileSystem(puffs:/NAME, {engine, server})}. */
  FileSystem mount(String name, Object server) throws IOException {
    return FileSystems.newFileSystem(URI.create("puffs:/" + name),
        Map.of(PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, server));
  }

  /** Removes a host directory tree. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
