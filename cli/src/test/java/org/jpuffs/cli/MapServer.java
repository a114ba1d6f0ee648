package org.jpuffs.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RequestContext;

/**
 * A test server over two maps: a root directory that holds regular files, and their contents. Just the ops the demo
 * sends; no subdirectories, no attributes beyond size and mode. Not final, so that a test can make it misbehave.
 */
class MapServer implements FileSystemServer {

  static final Cookie ROOT = Cookie.of(1);
  static final int BLOCK_SIZE = 4096;

  private final Map<String, Cookie> root = new LinkedHashMap<>();
  private final Map<Cookie, byte[]> contents = new HashMap<>();
  private final List<ErrorReport> errorReports = new CopyOnWriteArrayList<>();
  private long nextCookie = ROOT.value() + 1;

  @Override
  public MountSpec mountSpec() {
    return MountSpec.builder()
        .typeName("mapfs")
        .mntFromName("test")
        .rootCookie(ROOT)
        .rootVtype(VType.VDIR)
        .build();
  }

  @Override
  public void onError(ErrorReport report, Cookie cookie) {
    errorReports.add(report);
  }

  /** The error reports the engine side sent, in order. */
  List<ErrorReport> errorReports() {
    return List.copyOf(errorReports);
  }

  @Override
  public synchronized Statvfs statvfs(RequestContext ctx) {
    long used = contents.values().stream().mapToLong(data -> (data.length + BLOCK_SIZE - 1) / BLOCK_SIZE).sum();
    return Statvfs.builder().bsize(BLOCK_SIZE).frsize(BLOCK_SIZE).blocks(1024).bfree(1024 - used).bavail(1024 - used)
        .files(1024).ffree(1024 - 1 - root.size()).namemax(255).fstypename("mapfs").build();
  }

  @Override
  public synchronized OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
    requireRoot(dir);
    Cookie file = root.get(cn.name());
    if (file == null) {
      throw new PuffsException(Errno.ENOENT);
    }
    return OpReply.NewNode.of(file, VType.VREG, contents.get(file).length, 0);
  }

  @Override
  public synchronized OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
    requireRoot(dir);
    if (root.containsKey(cn.name())) {
      throw new PuffsException(Errno.EEXIST);
    }
    Cookie file = Cookie.of(nextCookie++);
    root.put(cn.name(), file);
    contents.put(file, new byte[0]);
    return OpReply.NewNode.of(file, VType.VREG, 0, 0);
  }

  @Override
  public synchronized long write(RequestContext ctx, Cookie node, long offset, int ioflag, Bytes data) {
    byte[] old = file(node);
    byte[] grown = Arrays.copyOf(old, (int) Math.max(old.length, offset + data.size()));
    data.copyTo(0, grown, (int) offset, data.size());
    contents.put(node, grown);
    return 0;
  }

  @Override
  public synchronized Bytes read(RequestContext ctx, Cookie node, long offset, long resid, int ioflag) {
    byte[] data = file(node);
    int from = (int) Math.min(offset, data.length);
    return Bytes.of(data, from, (int) Math.min(resid, data.length - from));
  }

  @Override
  public synchronized OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
    if (node.equals(ROOT)) {
      return OpReply.Attributes.of(Vattr.builder().type(VType.VDIR).mode(0755).nlink(2).fileid(ROOT.value())
          .size(root.size()).build());
    }
    return OpReply.Attributes.of(Vattr.builder().type(VType.VREG).mode(0644).nlink(1).fileid(node.value())
        .size(file(node).length).build());
  }

  @Override
  public synchronized OpReply.Entries readdir(RequestContext ctx, Cookie dir, long offset, long resid, int ncookies) {
    requireRoot(dir);
    List<DirEntry> entries = new ArrayList<>();
    List<Map.Entry<String, Cookie>> all = new ArrayList<>(root.entrySet());
    long index = offset;
    long left = resid;
    while (index < all.size()) {
      Map.Entry<String, Cookie> next = all.get((int) index);
      DirEntry entry = new DirEntry(next.getValue().value(), next.getKey(), VType.VREG);
      if (entry.recordLength() > left) {
        break;
      }
      entries.add(entry);
      left -= entry.recordLength();
      index++;
    }
    return new OpReply.Entries(entries, List.of(), index, left, index == all.size());
  }

  @Override
  public synchronized void remove(RequestContext ctx, Cookie dir, Cookie target, ComponentName cn) {
    requireRoot(dir);
    if (!target.equals(root.get(cn.name()))) {
      throw new PuffsException(Errno.ENOENT);
    }
    root.remove(cn.name());
    contents.remove(target);
  }

  private static void requireRoot(Cookie dir) {
    if (!dir.equals(ROOT)) {
      throw new PuffsException(Errno.ENOTDIR);
    }
  }

  private byte[] file(Cookie node) {
    byte[] data = contents.get(node);
    if (data == null) {
      throw new PuffsException(node.equals(ROOT) ? Errno.EISDIR : Errno.ENOENT);
    }
    return data;
  }
}
