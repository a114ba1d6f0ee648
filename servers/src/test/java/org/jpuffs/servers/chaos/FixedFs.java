package org.jpuffs.servers.chaos;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ExtattrReplies;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.RequestContext;

/** A well-behaved server with fixed answers, to wrap in chaos: root 1, every name is file 100, new nodes are 200. */
final class FixedFs implements FileSystemServer {
  static final Cookie ROOT = Cookie.of(1);
  static final Cookie FILE = Cookie.of(100);
  static final Cookie NEW = Cookie.of(200);

  final AtomicInteger calls = new AtomicInteger();

  @Override
  public MountSpec mountSpec() {
    return MountSpec.builder().typeName("fixed").rootCookie(ROOT).recoveryMode(RecoveryMode.REPLAY).build();
  }

  @Override
  public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    calls.incrementAndGet();
    if (cn.name().equals("missing")) {
      throw new PuffsException(Errno.ENOENT);
    }
    return OpReply.NewNode.of(FILE, VType.VREG, 5, 0);
  }

  @Override
  public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    calls.incrementAndGet();
    return OpReply.NewNode.of(NEW, VType.VREG, 0, 0);
  }

  @Override
  public OpReply.NewNode mkdir(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    calls.incrementAndGet();
    return OpReply.NewNode.of(NEW, VType.VDIR, 0, 0);
  }

  @Override
  public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    calls.incrementAndGet();
    return OpReply.Attributes.of(Vattr.builder().type(VType.VREG).size(5).build());
  }

  @Override
  public Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    calls.incrementAndGet();
    byte[] hello = "hello".getBytes();
    int from = (int) Math.min(offset, hello.length);
    int to = (int) Math.min(hello.length, from + resid);
    return Bytes.of(hello, from, to - from);
  }

  @Override
  public long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    calls.incrementAndGet();
    return 0;
  }

  @Override
  public OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    calls.incrementAndGet();
    List<DirEntry> entries = List.of(new DirEntry(100, "a", VType.VREG), new DirEntry(101, "b", VType.VREG));
    long used = entries.stream().mapToLong(DirEntry::recordLength).sum();
    return new OpReply.Entries(entries, ncookies > 0 ? List.of(1L, 2L) : List.of(), 2, resid - used, true);
  }

  @Override
  public String readlink(RequestContext ctx, Cookie node, int linklen) {
    calls.incrementAndGet();
    return "target";
  }

  @Override
  public OpReply.Extattr getextattr(RequestContext ctx, Cookie node, int ns, String name, boolean wantSize,
      long resid) {
    calls.incrementAndGet();
    return ExtattrReplies.value(Bytes.utf8("v"), wantSize, resid);
  }

  @Override
  public OpReply.Extattr listextattr(RequestContext ctx, Cookie node, int ns, boolean wantSize, long resid,
      int flags) {
    calls.incrementAndGet();
    return ExtattrReplies.names(List.of("a"), wantSize, resid);
  }

  @Override
  public OpReply.NodeInfo fhToNode(RequestContext ctx, FileHandle handle) {
    calls.incrementAndGet();
    return new OpReply.NodeInfo(FILE, VType.VREG, 5, 0);
  }
}
