package org.jpuffs.servers.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VfsOpType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.Sop;

/**
 * The chaos server: a decorator around any {@link FileSystemServer} that injects faults as a {@link ChaosConfig}
 * says, so that engine tests can prove every misbehaviour of a server becomes the errno puffs prescribes
 * ({@link ChaosFault} lists them with those errnos).
 *
 * <p>Faults come from two places. This class delays server ops ({@link ChaosFault#LATENCY}) on the server's threads.
 * Its {@link #interceptor()}, installed in the {@link ServerRuntime}, does everything that needs the request or the
 * reply: errors, invalid errnos, grown sizes, wrong cookies and types, dropped replies, the crash. Both count into
 * the same {@link #counters()}. Run it with {@link #runtime(ServerRuntime.Settings)}, which installs the interceptor:
 * <pre>{@code
 * ChaosFs chaos = new ChaosFs(new PassthroughFs(dir), ChaosConfig.builder().seed(7).residGrew(0.1).build());
 * ActorRef<ServerRuntime.Command> server = testKit.spawn(chaos.runtime(settings));
 * }</pre>
 *
 * <p><b>The op mask.</b> The runtime derives a server's op mask from the methods its class overrides, and a
 * decorator must override every method to forward it; so {@link #mountSpec()} names the inner server's mask
 * ({@link #innerOpMask()}) explicitly, and a chaos mount declares exactly the ops the inner server has.
 */
public final class ChaosFs implements FileSystemServer {

  private final FileSystemServer inner;
  private final ChaosConfig config;
  private final ChaosDice dice;
  private final ChaosCounters counters = new ChaosCounters();
  private final ChaosInterceptor interceptor;
  private final AtomicLong fafSeen = new AtomicLong();
  private volatile Cookie rootCookie;

  /**
   * Wraps {@code inner}.
   *
   * @param inner the server that really answers
   * @param config what to inject
   */
  public ChaosFs(FileSystemServer inner, ChaosConfig config) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.config = Objects.requireNonNull(config, "config");
    this.dice = new ChaosDice(config.seed());
    this.interceptor = new ChaosInterceptor(config, this::rootCookie, counters);
  }

  /** The interceptor to install in the runtime, sharing this server's configuration and counters. */
  public ChaosInterceptor interceptor() {
    return interceptor;
  }

  /** The faults injected so far, by this server and by its interceptor. */
  public ChaosCounters counters() {
    return counters;
  }

  /** The configuration. */
  public ChaosConfig config() {
    return config;
  }

  /** The wrapped server. */
  public FileSystemServer inner() {
    return inner;
  }

  /** {@code settings} with this server's interceptor. */
  public ServerRuntime.Settings settings(ServerRuntime.Settings settings) {
    return settings.withInterceptor(interceptor);
  }

  /** The runtime behavior for this server, with its interceptor installed. */
  public Behavior<ServerRuntime.Command> runtime(ServerRuntime.Settings settings) {
    return ServerRuntime.create(this, settings(settings));
  }

  /** The op mask the inner server declares, which this decorator declares too (see the class comment). */
  public OpMask innerOpMask() {
    return ServerRuntime.declaredOpMask(inner);
  }

  private Cookie rootCookie() {
    Cookie root = rootCookie;
    if (root == null) {
      root = inner.mountSpec().rootCookie();
      rootCookie = root;
    }
    return root;
  }

  /** Delays the op by the configured latency if the dice say so. */
  private void delay(RequestContext ctx, VnOpType op) {
    if (config.appliesTo(op)) {
      delay(ctx, "VN " + op.name());
    }
  }

  private void delay(RequestContext ctx, VfsOpType op) {
    if (config.appliesTo(op)) {
      delay(ctx, "VFS " + op.name());
    }
  }

  private void delay(RequestContext ctx, String op) {
    if (!config.enabled(ChaosFault.LATENCY)) {
      return;
    }
    long key = ctx.requestId() != 0 ? ctx.requestId() : -fafSeen.incrementAndGet();
    if (!dice.hits(ChaosFault.LATENCY, key, config.probability(ChaosFault.LATENCY))) {
      return;
    }
    long nanos = dice.between(ChaosFault.LATENCY, key, config.latencyMin().toNanos(), config.latencyMax().toNanos());
    counters.record(new InjectedFault(ChaosFault.LATENCY, ctx.requestId(), Cookie.NONE, op,
        "delayed " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms", null, null));
    try {
      // A slow server is what is being simulated: this runs on the server's own pool (opsNeverBlock() is false with
      // latency on), never on an actor.
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------- forwarded as is

  @Override
  public MountSpec mountSpec() {
    return inner.mountSpec().withOpMask(innerOpMask());
  }

  /** The inner server's answer, unless latency is injected: a delay sleeps on the calling thread. */
  @Override
  public boolean opsNeverBlock() {
    return !config.enabled(ChaosFault.LATENCY) && inner.opsNeverBlock();
  }

  @Override
  public void mounted(Sop sop) {
    inner.mounted(sop);
  }

  @Override
  public void onError(ErrorReport report, Cookie cookie) {
    inner.onError(report, cookie);
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    inner.snapshot(out);
  }

  @Override
  public void restore(InputStream in) throws IOException {
    inner.restore(in);
  }

  // ---------------------------------------------------------------------------------------------- delayed, forwarded

  @Override
  public void unmount(RequestContext ctx, int flags) {
    delay(ctx, VfsOpType.UNMOUNT);
    inner.unmount(ctx, flags);
  }

  @Override
  public Statvfs statvfs(RequestContext ctx) {
    delay(ctx, VfsOpType.STATVFS);
    return inner.statvfs(ctx);
  }

  @Override
  public void sync(RequestContext ctx, int waitfor) {
    delay(ctx, VfsOpType.SYNC);
    inner.sync(ctx, waitfor);
  }

  @Override
  public OpReply.NodeInfo fhToNode(RequestContext ctx, FileHandle handle) {
    delay(ctx, VfsOpType.FHTOVP);
    return inner.fhToNode(ctx, handle);
  }

  @Override
  public FileHandle nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    delay(ctx, VfsOpType.VPTOFH);
    return inner.nodeToFh(ctx, node, bufferSize);
  }

  @Override
  public void extattrctl(RequestContext ctx, Cookie node, int cmd, int attrNamespace, int flags, String attrName) {
    delay(ctx, VfsOpType.EXTATTRCTL);
    inner.extattrctl(ctx, node, cmd, attrNamespace, flags, attrName);
  }

  @Override
  public void suspend(RequestContext ctx, int status) {
    delay(ctx, VfsOpType.SUSPEND);
    inner.suspend(ctx, status);
  }

  @Override
  public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    delay(ctx, VnOpType.LOOKUP);
    return inner.lookup(ctx, dir, cn);
  }

  @Override
  public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    delay(ctx, VnOpType.CREATE);
    return inner.create(ctx, dir, cn, va);
  }

  @Override
  public OpReply.NewNode mknod(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    delay(ctx, VnOpType.MKNOD);
    return inner.mknod(ctx, dir, cn, va);
  }

  @Override
  public int open(RequestContext ctx, Cookie node, int mode) {
    delay(ctx, VnOpType.OPEN);
    return inner.open(ctx, node, mode);
  }

  @Override
  public void close(RequestContext ctx, Cookie node, int fflag) {
    delay(ctx, VnOpType.CLOSE);
    inner.close(ctx, node, fflag);
  }

  @Override
  public void access(RequestContext ctx, Cookie node, int mode) {
    delay(ctx, VnOpType.ACCESS);
    inner.access(ctx, node, mode);
  }

  @Override
  public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    delay(ctx, VnOpType.GETATTR);
    return inner.getattr(ctx, node);
  }

  @Override
  public OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
    delay(ctx, VnOpType.SETATTR);
    return inner.setattr(ctx, node, va);
  }

  @Override
  public Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    delay(ctx, VnOpType.READ);
    return inner.read(ctx, node, offset, resid, ioflag);
  }

  @Override
  public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    delay(ctx, VnOpType.WRITE);
    return inner.write(ctx, node, offset, ioflag, data);
  }

  @Override
  public int poll(RequestContext ctx, Cookie node, int events) {
    delay(ctx, VnOpType.POLL);
    return inner.poll(ctx, node, events);
  }

  @Override
  public void mmap(RequestContext ctx, Cookie node, int prot) {
    delay(ctx, VnOpType.MMAP);
    inner.mmap(ctx, node, prot);
  }

  @Override
  public void fsync(RequestContext ctx, Cookie node, long offlo, long offhi, int flags) {
    delay(ctx, VnOpType.FSYNC);
    inner.fsync(ctx, node, offlo, offhi, flags);
  }

  @Override
  public void seek(RequestContext ctx, Cookie node, long oldoff, long newoff) {
    delay(ctx, VnOpType.SEEK);
    inner.seek(ctx, node, oldoff, newoff);
  }

  @Override
  public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    delay(ctx, VnOpType.REMOVE);
    inner.remove(ctx, dir, target, cn);
  }

  @Override
  public void link(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    delay(ctx, VnOpType.LINK);
    inner.link(ctx, dir, target, cn);
  }

  @Override
  public void rename(RequestContext ctx, Cookie sourceDir, Cookie source,
      ComponentName sourceName, Cookie targetDir, Cookie target, ComponentName targetName) {
    delay(ctx, VnOpType.RENAME);
    inner.rename(ctx, sourceDir, source, sourceName, targetDir, target, targetName);
  }

  @Override
  public OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    delay(ctx, VnOpType.MKDIR);
    return inner.mkdir(ctx, dir, cn, va);
  }

  @Override
  public void rmdir(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    delay(ctx, VnOpType.RMDIR);
    inner.rmdir(ctx, dir, target, cn);
  }

  @Override
  public OpReply.NewNode symlink(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va, String link) {
    delay(ctx, VnOpType.SYMLINK);
    return inner.symlink(ctx, dir, cn, va, link);
  }

  @Override
  public OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    delay(ctx, VnOpType.READDIR);
    return inner.readdir(ctx, dir, offset, resid, ncookies);
  }

  @Override
  public String readlink(RequestContext ctx, Cookie node, int linklen) {
    delay(ctx, VnOpType.READLINK);
    return inner.readlink(ctx, node, linklen);
  }

  @Override
  public void abortop(RequestContext ctx, Cookie dir, ComponentName cn) {
    delay(ctx, VnOpType.ABORTOP);
    inner.abortop(ctx, dir, cn);
  }

  @Override
  public void inactive(RequestContext ctx, Cookie node) {
    delay(ctx, VnOpType.INACTIVE);
    inner.inactive(ctx, node);
  }

  @Override
  public void reclaim(RequestContext ctx, Cookie node, long nlookup) {
    delay(ctx, VnOpType.RECLAIM);
    inner.reclaim(ctx, node, nlookup);
  }

  @Override
  public void print(RequestContext ctx, Cookie node) {
    delay(ctx, VnOpType.PRINT);
    inner.print(ctx, node);
  }

  @Override
  public long pathconf(RequestContext ctx, Cookie node, int name) {
    delay(ctx, VnOpType.PATHCONF);
    return inner.pathconf(ctx, node, name);
  }

  @Override
  public Flock advlock(RequestContext ctx, Cookie node, Flock lock, long id, VnOp.Advlock.LockOp op, int flags) {
    delay(ctx, VnOpType.ADVLOCK);
    return inner.advlock(ctx, node, lock, id, op, flags);
  }

  @Override
  public OpReply.Extattr getextattr(RequestContext ctx, Cookie node, int attrNamespace,
      String name, boolean wantSize, long resid) {
    delay(ctx, VnOpType.GETEXTATTR);
    return inner.getextattr(ctx, node, attrNamespace, name, wantSize, resid);
  }

  @Override
  public void setextattr(RequestContext ctx, Cookie node, int attrNamespace, String name, Bytes data) {
    delay(ctx, VnOpType.SETEXTATTR);
    inner.setextattr(ctx, node, attrNamespace, name, data);
  }

  @Override
  public OpReply.Extattr listextattr(RequestContext ctx, Cookie node, int attrNamespace,
      boolean wantSize, long resid, int flags) {
    delay(ctx, VnOpType.LISTEXTATTR);
    return inner.listextattr(ctx, node, attrNamespace, wantSize, resid, flags);
  }

  @Override
  public void deleteextattr(RequestContext ctx, Cookie node, int attrNamespace, String name) {
    delay(ctx, VnOpType.DELETEEXTATTR);
    inner.deleteextattr(ctx, node, attrNamespace, name);
  }

  @Override
  public void fallocate(RequestContext ctx, Cookie node, long offset, long length) {
    delay(ctx, VnOpType.FALLOCATE);
    inner.fallocate(ctx, node, offset, length);
  }

  @Override
  public void fdiscard(RequestContext ctx, Cookie node, long offset, long length) {
    delay(ctx, VnOpType.FDISCARD);
    inner.fdiscard(ctx, node, offset, length);
  }
}
