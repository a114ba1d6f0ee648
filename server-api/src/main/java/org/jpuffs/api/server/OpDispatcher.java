package org.jpuffs.api.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;

/**
 * Turns a {@link PuffsRequest} into the call of the matching {@link AsyncFileSystemServer} method and its result
 * into the op's {@link OpReply} (libpuffs' {@code dispatcher.c}). The op hierarchy is sealed, and
 * {@code OpDispatcherTest} sends every op through here, so an op added to the protocol without a branch fails a test.
 */
final class OpDispatcher {

  private static final OpReply NONE = OpReply.None.INSTANCE;

  private OpDispatcher() {}

  /**
   * Calls the server for {@code req}. Error reports are not ops and never get here ({@link ServerRuntime} hands them
   * to {@code onError}).
   */
  static CompletionStage<OpReply> dispatch(AsyncFileSystemServer server, RequestContext ctx, PuffsRequest req) {
    Op op = req.op();
    if (op instanceof VfsOp.Unmount o) {
      return server.unmount(ctx, o.flags()).thenApply(r -> NONE);
    }
    if (op instanceof VfsOp.Statvfs o) {
      return server.statvfs(ctx).thenApply(r -> new OpReply.FsStats(r));
    }
    if (op instanceof VfsOp.Sync o) {
      return server.sync(ctx, o.waitfor()).thenApply(r -> NONE);
    }
    if (op instanceof VfsOp.FhToVp o) {
      return server.fhToNode(ctx, o.handle()).thenApply(r -> r);
    }
    if (op instanceof VfsOp.VpToFh o) {
      return server.nodeToFh(ctx, req.cookie(), o.bufferSize()).thenApply(r -> new OpReply.Handle(r));
    }
    if (op instanceof VfsOp.Extattrctl o) {
      return server.extattrctl(ctx, req.cookie(), o.cmd(), o.attrNamespace(), o.flags(),
          o.attrName()).thenApply(r -> NONE);
    }
    if (op instanceof VfsOp.Suspend o) {
      return server.suspend(ctx, o.status()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Lookup o) {
      return server.lookup(ctx, req.cookie(), o.cn()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Create o) {
      return server.create(ctx, req.cookie(), o.cn(), o.va()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Mknod o) {
      return server.mknod(ctx, req.cookie(), o.cn(), o.va()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Open o) {
      return server.open(ctx, req.cookie(), o.mode()).thenApply(r -> new OpReply.Opened(r));
    }
    if (op instanceof VnOp.Close o) {
      return server.close(ctx, req.cookie(), o.fflag()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Access o) {
      return server.access(ctx, req.cookie(), o.mode()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Getattr o) {
      return server.getattr(ctx, req.cookie()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Setattr o) {
      return server.setattr(ctx, req.cookie(), o.va()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Read o) {
      return server.read(ctx, req.cookie(), o.offset(), o.resid(), o.ioflag()).thenApply(r -> OpReply.ReadData.of(r,
          o.resid()));
    }
    if (op instanceof VnOp.Write o) {
      return server.write(ctx, req.cookie(), o.offset(), o.ioflag(), o.data()).thenApply(r -> new OpReply.Resid(r));
    }
    if (op instanceof VnOp.Poll o) {
      return server.poll(ctx, req.cookie(), o.events()).thenApply(r -> new OpReply.PollReady(r));
    }
    if (op instanceof VnOp.Mmap o) {
      return server.mmap(ctx, req.cookie(), o.prot()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Fsync o) {
      return server.fsync(ctx, req.cookie(), o.offlo(), o.offhi(), o.flags()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Seek o) {
      return server.seek(ctx, req.cookie(), o.oldoff(), o.newoff()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Remove o) {
      return server.remove(ctx, req.cookie(), o.target(), o.cn()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Link o) {
      return server.link(ctx, req.cookie(), o.target(), o.cn()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Rename o) {
      return server.rename(ctx, req.cookie(), o.source(), o.sourceName(), o.targetDir(), o.target(),
          o.targetName()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Mkdir o) {
      return server.mkdir(ctx, req.cookie(), o.cn(), o.va()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Rmdir o) {
      return server.rmdir(ctx, req.cookie(), o.target(), o.cn()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Symlink o) {
      return server.symlink(ctx, req.cookie(), o.cn(), o.va(), o.link()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Readdir o) {
      return server.readdir(ctx, req.cookie(), o.offset(), o.resid(), o.ncookies()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Readlink o) {
      return server.readlink(ctx, req.cookie(), o.linklen()).thenApply(r -> new OpReply.LinkTarget(r));
    }
    if (op instanceof VnOp.Abortop o) {
      return server.abortop(ctx, req.cookie(), o.cn()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Inactive o) {
      return server.inactive(ctx, req.cookie()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Reclaim o) {
      return server.reclaim(ctx, req.cookie(), o.nlookup()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Print o) {
      return server.print(ctx, req.cookie()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Pathconf o) {
      return server.pathconf(ctx, req.cookie(), o.name()).thenApply(r -> new OpReply.PathconfValue(r));
    }
    if (op instanceof VnOp.Advlock o) {
      return server.advlock(ctx, req.cookie(), o.lock(), o.id(), o.op(), o.flags()).thenApply(r -> new OpReply.Lock(r));
    }
    if (op instanceof VnOp.Getextattr o) {
      return server.getextattr(ctx, req.cookie(), o.attrNamespace(), o.name(), o.wantSize(),
          o.resid()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Setextattr o) {
      return server.setextattr(ctx, req.cookie(), o.attrNamespace(), o.name(),
          o.data()).thenApply(r -> OpReply.Resid.DONE);
    }
    if (op instanceof VnOp.Listextattr o) {
      return server.listextattr(ctx, req.cookie(), o.attrNamespace(), o.wantSize(), o.resid(),
          o.flags()).thenApply(r -> r);
    }
    if (op instanceof VnOp.Deleteextattr o) {
      return server.deleteextattr(ctx, req.cookie(), o.attrNamespace(), o.name()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Fallocate o) {
      return server.fallocate(ctx, req.cookie(), o.offset(), o.length()).thenApply(r -> NONE);
    }
    if (op instanceof VnOp.Fdiscard o) {
      return server.fdiscard(ctx, req.cookie(), o.offset(), o.length()).thenApply(r -> NONE);
    }
    // Unreachable while every leaf of VfsOp and VnOp has a branch above; libpuffs answers an unknown op EINVAL.
    return CompletableFuture.failedFuture(new PuffsException(Errno.EINVAL, "no dispatch for " + op.opName()));
  }
}
