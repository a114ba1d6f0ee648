package org.jpuffs.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.Vnode;

/**
 * The engine part of {@code jpuffs demo}: the server mounted through the engine (the kernel side of puffs) and used
 * the way a program would use a file system — through vnodes — with each step printed. It ends with the engine's
 * defences on show: a lookup of a missing name, a rmdir of a non-empty directory, and an unmount refused while a
 * vnode is still referenced.
 */
final class EngineDemo {

  private static final Cred USER = Cred.user(1000, 1000);
  private static final long TIMEOUT_SECONDS = 20;

  private final Supplier<FileSystemServer> servers;
  private final PrintStream out;
  private final List<String> problems = new ArrayList<>();

  EngineDemo(Supplier<FileSystemServer> servers, PrintStream out) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs the engine demo on an engine of its own; returns the problems found (none is success). */
  List<String> run(Config config) {
    try (PuffsEngine engine = PuffsEngine.start(config)) {
      ActorRef<ServerRuntime.Command> runtime = engine.system().systemActorOf(
          ServerRuntime.create(servers.get()), "demo-server", Props.empty());
      // at record level full: the replay leg re-drives this session from the journal
      Mount mount = await(engine.mount(MountRequest.of(ReplayDemo.MOUNT).withRecordLevel(RecordLevel.FULL), runtime));
      Statvfs stats = await(mount.statvfs(USER));
      out.printf("engine: mounted %s (%s), %d of %d blocks free%n", mount.name(), stats.fstypename(), stats.bfree(),
          stats.blocks());
      exercise(mount);
      await(mount.unmount(0));
      out.println("engine: unmounted " + mount.name());
    } catch (PuffsException e) {
      problem("the engine failed: " + e.getMessage());
    }
    out.printf("engine summary: %d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
    return List.copyOf(problems);
  }

  private void exercise(Mount mount) {
    Vattr dirAttrs = Vattr.builder().type(VType.VDIR).mode(0755).build();
    Vattr fileAttrs = Vattr.builder().type(VType.VREG).mode(0644).build();
    Bytes text = Bytes.utf8("puffs: pass to userspace, now on the JVM\n");
    try (Vnode root = await(mount.root())) {
      try (Vnode docs = await(root.mkdir("docs", dirAttrs, Cred.ROOT))) {
        await(docs.setattr(Vattr.builder().uid(USER.uid()).gid(USER.gid()).build(), Cred.ROOT));
        try (Vnode draft = await(docs.create("draft.txt", fileAttrs, USER))) {
          await(draft.write(0, text, 0, USER));
          // The durability point of the write-back cache. It also keeps the recorded session free of races: without
          // it the cached data is pushed when draft is released, concurrently with the lookup of notes.txt below,
          // and which of the two the server answered first (the size the lookup saw) is not in the recording.
          await(draft.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, USER));
          step("mkdir /docs, create /docs/draft.txt, write " + text.size() + " bytes, fsync");
          await(docs.rename(draft, "draft.txt", docs, null, "notes.txt", USER));
          step("rename /docs/draft.txt -> /docs/notes.txt");
        }
        try (Vnode notes = await(docs.lookup("notes.txt", USER))) {
          Bytes back = await(notes.read(0, 4096, 0, USER));
          check(back.equals(text), "read back what was written");
          step("read /docs/notes.txt: " + PuffsText.quote(back.toUtf8().strip()));
          check(await(notes.getattr(USER)).size() == text.size(), "size matches");
        }
        List<String> names = await(docs.readdir(0, 4096, 0, USER)).entries().stream().map(DirEntry::name).toList();
        step("readdir /docs: " + names);
        check(names.contains("notes.txt") && !names.contains("draft.txt"), "rename shows in readdir");
        expectErrno(docs.lookup("draft.txt", USER), Errno.ENOENT, "lookup /docs/draft.txt");
        expectErrno(root.rmdir(docs, "docs", Cred.ROOT), Errno.ENOTEMPTY, "rmdir /docs");
      }
      expectErrno(mount.unmount(0), Errno.EBUSY, "unmount while / is referenced");
    }
  }

  private void expectErrno(CompletionStage<?> stage, Errno expected, String what) {
    try {
      await(stage);
      problem(what + " succeeded; expected " + expected);
    } catch (PuffsException e) {
      check(e.errno().equals(expected), what + " failed with " + e.errno() + ", expected " + expected);
      step(what + ": " + e.errno() + " (as it should)");
    }
  }

  private void step(String line) {
    out.println("engine: " + line);
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

  /** Waits for {@code stage}; a failure is the PuffsException the engine gave (the demos share this). */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof PuffsException puffs ? puffs
          : new PuffsException(Errno.EIO, String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new PuffsException(Errno.ETIMEDOUT, "no answer in " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PuffsException(Errno.EINTR, "interrupted", e);
    }
  }
}
