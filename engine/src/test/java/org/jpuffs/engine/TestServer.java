package org.jpuffs.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;

/**
 * A small, observable server for the engine's rule tests: a flat directory of regular files and subdirectories
 * (names → cookies), every call counted, error reports kept, and knobs for the answers the rules need (unmount
 * refusal, file handles, a gate that holds ops).
 */
class TestServer implements FileSystemServer {
  static final Cookie ROOT = Cookie.of(1);

  final Map<String, Cookie> names = new ConcurrentHashMap<>();
  final Map<Cookie, VType> types = new ConcurrentHashMap<>();
  final Map<Cookie, byte[]> contents = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  final BlockingQueue<ErrorReport> errors = new LinkedBlockingQueue<>();
  final AtomicLong nextCookie = new AtomicLong(100);
  final AtomicReference<Errno> unmountAnswer = new AtomicReference<>(Errno.OK);
  final AtomicReference<Errno> statvfsAnswer = new AtomicReference<>(Errno.OK);
  final AtomicReference<Errno> syncAnswer = new AtomicReference<>(Errno.OK);
  final AtomicReference<byte[]> handle = new AtomicReference<>(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
  /** When set, ops named here wait for it before answering. */
  final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  /** Counted down when a gated op has entered the server. */
  final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
  final MountSpec.Builder spec;

  TestServer() {
    this(MountSpec.builder().typeName("testfs").mntFromName("test").rootCookie(ROOT).fhSize(8)
        .statvfs(Statvfs.builder().bsize(4096).frsize(4096).iosize(65536).blocks(100).bfree(50).namemax(255)
            .build()));
  }

  TestServer(MountSpec.Builder spec) {
    this.spec = spec;
    types.put(ROOT, VType.VDIR);
  }

  int count(String op) {
    AtomicInteger n = calls.get(op);
    return n == null ? 0 : n.get();
  }

  private void called(String op, String detail) {
    calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
    log.add(op + (detail.isEmpty() ? "" : " " + detail));
    CountDownLatch in = entered.get(op);
    if (in != null) {
      in.countDown();
    }
    CountDownLatch gate = gates.get(op);
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Holds {@code op} until the returned latch is counted down; {@link #entered} says when one is inside. */
  CountDownLatch gate(String op, int expectedInside) {
    CountDownLatch gate = new CountDownLatch(1);
    entered.put(op, new CountDownLatch(expectedInside));
    gates.put(op, gate);
    return gate;
  }

  @Override
  public MountSpec mountSpec() {
    return spec.build();
  }

  @Override
  public void onError(ErrorReport report, Cookie cookie) {
    errors.add(report);
  }

  @Override
  public void unmount(RequestContext ctx, int flags) {
    called("unmount", "flags=" + flags);
    unmountAnswer.get().throwIfError();
  }

  @Override
  public Statvfs statvfs(RequestContext ctx) {
    called("statvfs", "");
    statvfsAnswer.get().throwIfError();
    return Statvfs.builder().bsize(4096).frsize(4096).iosize(65536).blocks(1000).bfree(10).namemax(200)
        .fstypename("bogus").build();
  }

  @Override
  public void sync(RequestContext ctx, int waitfor) {
    called("sync", "waitfor=" + waitfor + " " + ctx.cred());
    syncAnswer.get().throwIfError();
  }

  @Override
  public OpReply.NodeInfo fhToNode(RequestContext ctx, FileHandle fh) {
    called("fhToNode", fh.toString());
    for (Map.Entry<String, Cookie> entry : names.entrySet()) {
      if (fh.data().get(0) == (byte) entry.getValue().value()) {
        return new OpReply.NodeInfo(entry.getValue(), types.get(entry.getValue()), 0, 0);
      }
    }
    throw new PuffsException(Errno.ESTALE);
  }

  @Override
  public FileHandle nodeToFh(RequestContext ctx, Cookie node, int bufferSize) {
    called("nodeToFh", "room=" + bufferSize);
    byte[] data = handle.get().clone();
    data[0] = (byte) node.value();
    if (data.length > bufferSize) {
      throw new PuffsException(Errno.E2BIG);
    }
    return FileHandle.of(data);
  }

  @Override
  public void extattrctl(RequestContext ctx, Cookie node, int cmd, int attrNamespace, int flags, String attrName) {
    called("extattrctl", "node=" + node + " flags=" + flags + " name=" + attrName);
  }

  @Override
  public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    called("lookup", cn.name());
    Cookie cookie = names.get(cn.name());
    if (cookie == null) {
      throw new PuffsException(Errno.ENOENT);
    }
    return OpReply.NewNode.of(cookie, types.get(cookie), size(cookie), 0);
  }

  private long size(Cookie cookie) {
    byte[] data = contents.get(cookie);
    return data == null ? 0 : data.length;
  }

  @Override
  public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    called("create", cn.name());
    return make(cn.name(), VType.VREG);
  }

  @Override
  public OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    called("mkdir", cn.name());
    return make(cn.name(), VType.VDIR);
  }

  private OpReply.NewNode make(String name, VType type) {
    if (names.containsKey(name)) {
      throw new PuffsException(Errno.EEXIST);
    }
    Cookie cookie = Cookie.of(nextCookie.getAndIncrement());
    names.put(name, cookie);
    types.put(cookie, type);
    return OpReply.NewNode.of(cookie, type, 0, 0);
  }

  @Override
  public void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    called("remove", cn.name());
    if (names.remove(cn.name()) == null) {
      throw new PuffsException(Errno.ENOENT);
    }
  }

  @Override
  public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    called("getattr", node.toString());
    VType type = types.get(node);
    if (type == null) {
      throw new PuffsException(Errno.ESTALE);
    }
    return OpReply.Attributes.of(Vattr.builder().type(type).mode(0644).nlink(1).size(size(node))
        .fileid(node.value()).build());
  }

  @Override
  public Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    called("read", "offset=" + offset + " resid=" + resid);
    byte[] data = contents.getOrDefault(node, new byte[0]);
    if (offset >= data.length) {
      return Bytes.EMPTY;
    }
    return Bytes.of(data, (int) offset, (int) Math.min(resid, data.length - offset));
  }

  @Override
  public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    called("write", "offset=" + offset + " size=" + data.size());
    contents.compute(node, (k, old) -> {
      byte[] base = old == null ? new byte[0] : old;
      byte[] grown = java.util.Arrays.copyOf(base, (int) Math.max(base.length, offset + data.size()));
      data.copyTo(0, grown, (int) offset, data.size());
      return grown;
    });
    return 0;
  }

  @Override
  public OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    called("readdir", "offset=" + offset);
    List<DirEntry> entries = names.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new DirEntry(e.getValue().value(), e.getKey(), types.get(e.getValue()))).toList();
    long used = entries.stream().mapToLong(DirEntry::recordLength).sum();
    return new OpReply.Entries(entries, List.of(), entries.size(), resid - used, true);
  }

  @Override
  public void inactive(RequestContext ctx, Cookie node) {
    called("inactive", node.toString());
  }

  @Override
  public void reclaim(RequestContext ctx, Cookie node, long nlookup) {
    called("reclaim", node + " nlookup=" + nlookup);
  }

  @Override
  public int open(RequestContext ctx, Cookie node, int mode) {
    called("open", node.toString());
    return 0;
  }
}
