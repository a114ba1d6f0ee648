package org.jpuffs.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.Sop;

/** A server that passes every op to another; tests override the ops they want to change (a planted bug, a fault). */
public abstract class ForwardingServer implements FileSystemServer {
  protected final FileSystemServer delegate;

  protected ForwardingServer(FileSystemServer delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public MountSpec mountSpec() {
    return delegate.mountSpec();
  }

  @Override
  public void mounted(Sop sop) {
    delegate.mounted(sop);
  }

  @Override
  public void onError(ErrorReport report, Cookie cookie) {
    delegate.onError(report, cookie);
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    delegate.snapshot(out);
  }

  @Override
  public void restore(InputStream in) throws IOException {
    delegate.restore(in);
  }

  @Override
  public void unmount(RequestContext ctx, int flags) {
    delegate.unmount(ctx, flags);
  }

  @Override
  public Statvfs statvfs(RequestContext ctx) {
    return delegate.statvfs(ctx);
  }

  @Override
  public void sync(RequestContext ctx, int waitfor) {
    delegate.sync(ctx, waitfor);
  }

  @Override
  public OpReply.NodeInfo fhToNode(RequestContext ctx, FileHandle handle) {
    return delegate.fhToNode(ctx, handle);
  }

  @Override
  public FileHandle nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    return delegate.nodeToFh(ctx, node, bufferSize);
  }

  @Override
  public void extattrctl(RequestContext ctx, Cookie node, int cmd, int attrNamespace, int flags, String attrName) {
    delegate.extattrctl(ctx, node, cmd, attrNamespace, flags, attrName);
  }

  @Override
  public void suspend(RequestContext ctx, int status) {
    delegate.suspend(ctx, status);
  }

  @Override
  public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    return delegate.lookup(ctx, dir, cn);
  }

  @Override
  public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return delegate.create(ctx, dir, cn, va);
  }

  @Override
  public OpReply.NewNode mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return delegate.mknod(ctx, dir, cn, va);
  }

  @Override
  public int open(RequestContext ctx, Cookie node, int mode) {
    return delegate.open(ctx, node, mode);
  }

  @Override
  public void close(RequestContext ctx, Cookie node, int fflag) {
    delegate.close(ctx, node, fflag);
  }

  @Override
  public void access(RequestContext ctx, Cookie node, int mode) {
    delegate.access(ctx, node, mode);
  }

  @Override
  public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    return delegate.getattr(ctx, node);
  }

  @Override
  public OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
    return delegate.setattr(ctx, node, va);
  }

  @Override
  public Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    return delegate.read(ctx, node, offset, resid, ioflag);
  }

  @Override
  public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    return delegate.write(ctx, node, offset, ioflag, data);
  }

  @Override
  public int poll(RequestContext ctx, Cookie node, int events) {
    return delegate.poll(ctx, node, events);
  }

  @Override
  public void mmap(RequestContext ctx, Cookie node, int prot) {
    delegate.mmap(ctx, node, prot);
  }

  @Override
  public void fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
    delegate.fsync(ctx, node, offlo, offhi, flags);
  }

  @Override
  public void seek(RequestContext ctx, Cookie node, long oldoff, long newoff) {
    delegate.seek(ctx, node, oldoff, newoff);
  }

  @Override
  public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    delegate.remove(ctx, dir, target, cn);
  }

  @Override
  public void link(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    delegate.link(ctx, dir, target, cn);
  }

  @Override
  public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName, Cookie targetDir,
      Cookie target, ComponentName targetName) {
    delegate.rename(ctx, sourceDir, source, sourceName, targetDir, target, targetName);
  }

  @Override
  public OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    return delegate.mkdir(ctx, dir, cn, va);
  }

  @Override
  public void rmdir(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    delegate.rmdir(ctx, dir, target, cn);
  }

  @Override
  public OpReply.NewNode symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va, String link) {
    return delegate.symlink(ctx, dir, cn, va, link);
  }

  @Override
  public OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    return delegate.readdir(ctx, dir, offset, resid, ncookies);
  }

  @Override
  public String readlink(RequestContext ctx, Cookie node, int linklen) {
    return delegate.readlink(ctx, node, linklen);
  }

  @Override
  public void abortop(RequestContext ctx, Cookie dir, ComponentName cn) {
    delegate.abortop(ctx, dir, cn);
  }

  @Override
  public void inactive(RequestContext ctx, Cookie node) {
    delegate.inactive(ctx, node);
  }

  @Override
  public void reclaim(RequestContext ctx, Cookie node, long nlookup) {
    delegate.reclaim(ctx, node, nlookup);
  }

  @Override
  public void print(RequestContext ctx, Cookie node) {
    delegate.print(ctx, node);
  }

  @Override
  public long pathconf(RequestContext ctx, Cookie node, int name) {
    return delegate.pathconf(ctx, node, name);
  }

  @Override
  public Flock advlock(RequestContext ctx, Cookie node, Flock lock, long id, VnOp.Advlock.LockOp op, int flags) {
    return delegate.advlock(ctx, node, lock, id, op, flags);
  }

  @Override
  public OpReply.Extattr getextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, boolean wantSize,
      long resid) {
    return delegate.getextattr(ctx, node, attrNamespace, name, wantSize, resid);
  }

  @Override
  public void setextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, Bytes data) {
    delegate.setextattr(ctx, node, attrNamespace, name, data);
  }

  @Override
  public OpReply.Extattr listextattr(RequestContext ctx, Cookie node, int attrNamespace, boolean wantSize, long resid,
      int flags) {
    return delegate.listextattr(ctx, node, attrNamespace, wantSize, resid, flags);
  }

  @Override
  public void deleteextattr(RequestContext ctx, Cookie node, int attrNamespace, String name) {
    delegate.deleteextattr(ctx, node, attrNamespace, name);
  }

  @Override
  public void fallocate(RequestContext ctx, Cookie node, long offset, long length) {
    delegate.fallocate(ctx, node, offset, length);
  }

  @Override
  public void fdiscard(RequestContext ctx, Cookie node, long offset, long length) {
    delegate.fdiscard(ctx, node, offset, length);
  }
}
