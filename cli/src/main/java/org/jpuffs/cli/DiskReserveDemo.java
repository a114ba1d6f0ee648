package org.jpuffs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;

/**
 * The full-disk part of {@code jpuffs demo}: an engine whose data dir must keep more space free than its file system
 * has ({@code jpuffs.journal-reserve}, so no disk has to be filled) refuses a mutation with ENOSPC before the server
 * or LevelDB sees it, keeps the mount RUNNING and goes on serving reads. On a really full disk leveldbjni would have
 * killed the JVM instead (docs/recovery.md, "A full disk").
 */
final class DiskReserveDemo {

  private static final String NAME = "disk-reserve-demo";

  private final Supplier<FileSystemServer> servers;
  private final PrintStream out;
  private final List<String> problems = new ArrayList<>();

  DiskReserveDemo(Supplier<FileSystemServer> servers, PrintStream out) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs the demo on an engine of its own under {@code DATA-DIR/disk-reserve-demo}; returns the problems found. */
  List<String> run(Config config) throws IOException {
    Path dataDir = Files.createDirectories(Path.of(config.getString("jpuffs.data-dir")).resolve(NAME));
    long free = Files.getFileStore(dataDir).getUsableSpace();
    long reserve = free + (1L << 30);
    Config reserving = config.withValue("jpuffs.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()))
        .withValue("jpuffs.journal-reserve", ConfigValueFactory.fromAnyRef(reserve));
    try (PuffsEngine engine = PuffsEngine.start(reserving)) {
      var server = engine.system().systemActorOf(ServerRuntime.create(servers.get()), "disk-reserve-server",
          Props.empty());
      Mount mount = await(engine.mount(MountRequest.of(NAME), server));
      out.printf("disk reserve: the data dir must keep %,d MiB free and has %,d MiB%n", reserve >> 20, free >> 20);
      try (Vnode root = await(mount.root())) {
        Errno refused = errnoOf(root.mkdir("refused", Vattr.builder().type(VType.VDIR).mode(0755).build(),
            Cred.ROOT));
        MountInfo info = await(mount.info());
        out.printf("disk reserve: mkdir /refused -> %s (the journal would have had to take it); mount %s, "
            + "%d refusal(s)%n", refused, info.status(), info.link().spaceRefusals());
        if (refused != Errno.ENOSPC || info.status() != MountStatus.RUNNING || !info.link().diskFull()) {
          problem("expected ENOSPC on a RUNNING mount whose disk is full, got " + refused + " and " + info);
        }
        int entries = await(root.readdir(0, 65_536, 0, Cred.ROOT)).entries().size();
        out.printf("disk reserve: reads go on: readdir / -> %d entries%n", entries);
      }
      await(mount.unmount(0));
    } catch (PuffsException e) {
      problem("the disk reserve demo failed: " + e.getMessage());
    }
    out.printf("disk reserve summary: %d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
    return List.copyOf(problems);
  }

  private static Errno errnoOf(CompletionStage<?> stage) {
    try {
      EngineDemo.await(stage);
      return Errno.OK;
    } catch (PuffsException e) {
      return e.errno();
    }
  }

  private void problem(String what) {
    problems.add(what);
    out.println("disk reserve: PROBLEM: " + what);
  }

  private static <T> T await(CompletionStage<T> stage) {
    return EngineDemo.await(stage);
  }
}
