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
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.engine.DispatcherSizing;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.servers.memfs.MemFs;

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
  /**
   * A test kit whose actor system has the engine's own dispatcher ({@link DispatcherSizing}): the file system's
   * blocking calls then run the engine's work on the calling thread, as they do on an engine started by itself.
   */
  static ActorTestKit testKit() {
    return ActorTestKit.create(DispatcherSizing.apply(ActorTestKit.applicationTestConfig()));
  }

  static String freshName(String prefix) {
    return prefix + "-" + names.incrementAndGet() + "-" + ProcessHandle.current().pid();
  }

  /** {@code FileSystems.newFileSystem(puffs:/NAME, {engine, server})}. */
  FileSystem mount(String name, Object server) throws IOException {
    return FileSystems.newFileSystem(URI.create("puffs:/" + name),
        Map.of(PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, server));
  }

  /**
   * A memfs whose root belongs to the user running the tests, as a temp dir of the default file system does: memfs
   * starts with a root owned by root, mode 0755, which a suite run by someone else could not write in.
   */
  static MemFs ownedMemFs() {
    MemFs memfs = new MemFs();
    Cred me = PuffsFileSystems.processCred();
    memfs.setattr(RequestContext.of(Cred.ROOT), memfs.rootCookie(),
        Vattr.builder().uid(me.uid()).gid(me.gid()).build());
    return memfs;
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
