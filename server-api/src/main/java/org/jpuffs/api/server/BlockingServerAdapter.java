package org.jpuffs.api.server;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PollEvents;
import org.jpuffs.api.protocol.PuffsCompletionException;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;

/**
 * Runs a blocking {@link FileSystemServer} as an {@link AsyncFileSystemServer}: every op is submitted to an
 * executor, so the runtime's actor thread never blocks. This is the only place a blocking server meets the runtime;
 * {@link OpDispatcher} then treats both kinds alike.
 */
final class BlockingServerAdapter implements AsyncFileSystemServer {

  private final FileSystemServer server;
  private final Executor executor;
  private final Executor waitExecutor;

  /**
   * @param executor where ops run (the pool whose size bounds the server's concurrency)
   * @param waitExecutor where blocking lock requests wait: they may wait for an unlock that needs a pool thread, so
   *     they must not hold one of the pool's
   */
  BlockingServerAdapter(FileSystemServer server, Executor executor, Executor waitExecutor) {
    this.server = Objects.requireNonNull(server, "server");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.waitExecutor = Objects.requireNonNull(waitExecutor, "waitExecutor");
  }

  private <T> CompletionStage<T> run(Supplier<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.get();
      } catch (PuffsException e) {
        throw new PuffsCompletionException(e); // what supplyAsync would wrap it in, without recording the stack
      }
    }, executor);
  }

  @Override
  public MountSpec mountSpec() {
    return server.mountSpec();
  }

  @Override
  public void mounted(Sop sop) {
    server.mounted(sop);
  }

  @Override
  public void onError(ErrorReport report, Cookie cookie) {
    server.onError(report, cookie);
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    server.snapshot(out);
  }

  @Override
  public void restore(InputStream in) throws IOException {
    server.restore(in);
  }

  @Override
  public CompletionStage<Void> unmount(RequestContext ctx, int flags) {
    return run(() -> {
      server.unmount(ctx, flags);
      return null;
    });
  }

  @Override
  public CompletionStage<Statvfs> statvfs(RequestContext ctx) {
    return run(() -> server.statvfs(ctx));
  }

  @Override
  public CompletionStage<Void> sync(RequestContext ctx, int waitfor) {
    return run(() -> {
      server.sync(ctx, waitfor);
      return null;
    });
  }

  @Override
  public CompletionStage<OpReply.NodeInfo> fhToNode(RequestContext ctx, FileHandle handle) {
    return run(() -> server.fhToNode(ctx, handle));
  }

  @Override
  public CompletionStage<FileHandle> nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    return run(() -> server.nodeToFh(ctx, node, bufferSize));
  }

  @Override
  public CompletionStage<Void> extattrctl(RequestContext ctx, Cookie node, int cmd, int attrNamespace, int flags,
      String attrName) {
    return run(() -> {
      server.extattrctl(ctx, node, cmd, attrNamespace, flags, attrName);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> suspend(RequestContext ctx, int status) {
    return run(() -> {
      server.suspend(ctx, status);
      return null;
    });
  }

  @Override
  public CompletionStage<OpReply.NewNode> lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    return run(() -> server.lookup(ctx, dir, cn));
  }

  @Override
  public CompletionStage<OpReply.NewNode> create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return run(() -> server.create(ctx, dir, cn, va));
  }

  @Override
  public CompletionStage<OpReply.NewNode> mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return run(() -> server.mknod(ctx, dir, cn, va));
  }

  @Override
  public CompletionStage<Integer> open(RequestContext ctx, Cookie node, int mode) {
    return run(() -> server.open(ctx, node, mode));
  }

  @Override
  public CompletionStage<Void> close(RequestContext ctx, Cookie node, int fflag) {
    return run(() -> {
      server.close(ctx, node, fflag);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> access(RequestContext ctx, Cookie node, int mode) {
    return run(() -> {
      server.access(ctx, node, mode);
      return null;
    });
  }

  @Override
  public CompletionStage<OpReply.Attributes> getattr(RequestContext ctx, Cookie node) {
    return run(() -> server.getattr(ctx, node));
  }

  @Override
  public CompletionStage<OpReply.Attributes> setattr(RequestContext ctx, Cookie node, Vattr va) {
    return run(() -> server.setattr(ctx, node, va));
  }

  @Override
  public CompletionStage<Bytes> read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    return run(() -> server.read(ctx, node, offset, resid, ioflag));
  }

  @Override
  public CompletionStage<Long> write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    return run(() -> server.write(ctx, node, offset, ioflag, data));
  }

  @Override
  public CompletionStage<Integer> poll(RequestContext ctx, Cookie node, int events) {
    return run(() -> server.poll(ctx, node, events));
  }

  @Override
  public CompletionStage<Void> mmap(RequestContext ctx, Cookie node, int prot) {
    return run(() -> {
      server.mmap(ctx, node, prot);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
    return run(() -> {
      server.fsync(ctx, node, offlo, offhi, flags);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> seek(RequestContext ctx, Cookie node, long oldoff, long newoff) {
    return run(() -> {
      server.seek(ctx, node, oldoff, newoff);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    return run(() -> {
      server.remove(ctx, dir, target, cn);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> link(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    return run(() -> {
      server.link(ctx, dir, target, cn);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName,
      Cookie targetDir, Cookie target, ComponentName targetName) {
    return run(() -> {
      server.rename(ctx, sourceDir, source, sourceName, targetDir, target, targetName);
      return null;
    });
  }

  @Override
  public CompletionStage<OpReply.NewNode> mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return run(() -> server.mkdir(ctx, dir, cn, va));
  }

  @Override
  public CompletionStage<Void> rmdir(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    return run(() -> {
      server.rmdir(ctx, dir, target, cn);
      return null;
    });
  }

  @Override
  public CompletionStage<OpReply.NewNode> symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va,
      String link) {
    return run(() -> server.symlink(ctx, dir, cn, va, link));
  }

  @Override
  public CompletionStage<OpReply.Entries> readdir(RequestContext ctx, Cookie dir, long offset, long resid,
      int ncookies) {
    return run(() -> server.readdir(ctx, dir, offset, resid, ncookies));
  }

  @Override
  public CompletionStage<String> readlink(RequestContext ctx, Cookie node, int linklen) {
    return run(() -> server.readlink(ctx, node, linklen));
  }

  @Override
  public CompletionStage<Void> abortop(RequestContext ctx, Cookie dir, ComponentName cn) {
    return run(() -> {
      server.abortop(ctx, dir, cn);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> inactive(RequestContext ctx, Cookie node) {
    return run(() -> {
      server.inactive(ctx, node);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> reclaim(RequestContext ctx, Cookie node, long nlookup) {
    return run(() -> {
      server.reclaim(ctx, node, nlookup);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> print(RequestContext ctx, Cookie node) {
    return run(() -> {
      server.print(ctx, node);
      return null;
    });
  }

  @Override
  public CompletionStage<Long> pathconf(RequestContext ctx, Cookie node, int name) {
    return run(() -> server.pathconf(ctx, node, name));
  }

  @Override
  public CompletionStage<Flock> advlock(RequestContext ctx, Cookie node, Flock lock, long id, VnOp.Advlock.LockOp op,
      int flags) {
    if ((flags & VnOp.Advlock.F_WAIT) != 0) {
      return CompletableFuture.supplyAsync(() -> server.advlock(ctx, node, lock, id, op, flags), waitExecutor);
    }
    return run(() -> server.advlock(ctx, node, lock, id, op, flags));
  }

  @Override
  public CompletionStage<OpReply.Extattr> getextattr(RequestContext ctx, Cookie node, int attrNamespace, String name,
      boolean wantSize, long resid) {
    return run(() -> server.getextattr(ctx, node, attrNamespace, name, wantSize, resid));
  }

  @Override
  public CompletionStage<Void> setextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, Bytes data) {
    return run(() -> {
      server.setextattr(ctx, node, attrNamespace, name, data);
      return null;
    });
  }

  @Override
  public CompletionStage<OpReply.Extattr> listextattr(RequestContext ctx, Cookie node, int attrNamespace,
      boolean wantSize, long resid, int flags) {
    return run(() -> server.listextattr(ctx, node, attrNamespace, wantSize, resid, flags));
  }

  @Override
  public CompletionStage<Void> deleteextattr(RequestContext ctx, Cookie node, int attrNamespace, String name) {
    return run(() -> {
      server.deleteextattr(ctx, node, attrNamespace, name);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> fallocate(RequestContext ctx, Cookie node, long offset, long length) {
    return run(() -> {
      server.fallocate(ctx, node, offset, length);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> fdiscard(RequestContext ctx, Cookie node, long offset, long length) {
    return run(() -> {
      server.fdiscard(ctx, node, offset, length);
      return null;
    });
  }
}
