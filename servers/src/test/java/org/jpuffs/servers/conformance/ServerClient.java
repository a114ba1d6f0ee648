package org.jpuffs.servers.conformance;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestContext;

/**
 * Calls a {@link FileSystemServer} the way the engine would, as one caller: creates with a vattr, removes and renames
 * after looking the names up, READDIR until EOF. For tests only; every failure is the server's {@link PuffsException}.
 */
public final class ServerClient {
  private final FileSystemServer server;
  private final Cred cred;
  private final Cookie root;

  public ServerClient(FileSystemServer server, Cred cred) {
    this(server, cred, server.mountSpec().rootCookie());
  }

  private ServerClient(FileSystemServer server, Cred cred, Cookie root) {
    this.server = Objects.requireNonNull(server, "server");
    this.cred = Objects.requireNonNull(cred, "cred");
    this.root = root;
  }

  /** The same server, another caller. */
  public ServerClient as(Cred other) {
    return new ServerClient(server, other, root);
  }

  public FileSystemServer server() {
    return server;
  }

  public Cred cred() {
    return cred;
  }

  /** A fresh context per call, as each request has its own. */
  public RequestContext ctx() {
    return RequestContext.of(cred);
  }

  public Cookie root() {
    return root;
  }

  public OpReply.NewNode lookupNode(Cookie dir, String name) {
    return server.lookup(ctx(), dir, ComponentName.lookup(name));
  }

  public Cookie lookup(Cookie dir, String name) {
    return lookupNode(dir, name).cookie();
  }

  /** The node at a slash-separated path from the root ("" or "/" is the root); no symlinks are followed. */
  public Cookie resolve(String path) {
    Cookie c = root;
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        c = lookup(c, part);
      }
    }
    return c;
  }

  /** The lookup's cookie, or NONE when the lookup fails for any reason. */
  public Cookie tryLookup(Cookie dir, String name) {
    try {
      return lookup(dir, name);
    } catch (PuffsException e) {
      return Cookie.NONE;
    }
  }

  public Cookie create(Cookie dir, String name, int mode) {
    return createNode(dir, name, VType.VREG, mode).cookie();
  }

  public OpReply.NewNode createNode(Cookie dir, String name, VType type, int mode) {
    return server.create(ctx(), dir, ComponentName.of(NameiOp.CREATE, name), Vattr.builder().type(type).mode(mode)
        .build());
  }

  public Cookie mknod(Cookie dir, String name, VType type, int mode, long rdev) {
    return server.mknod(ctx(), dir, ComponentName.of(NameiOp.CREATE, name),
        Vattr.builder().type(type).mode(mode).rdev(rdev).build()).cookie();
  }

  public Cookie mkdir(Cookie dir, String name, int mode) {
    return server.mkdir(ctx(), dir, ComponentName.of(NameiOp.CREATE, name),
        Vattr.builder().type(VType.VDIR).mode(mode).build()).cookie();
  }

  public Cookie symlink(Cookie dir, String name, String target) {
    return server.symlink(ctx(), dir, ComponentName.of(NameiOp.CREATE, name),
        Vattr.builder().type(VType.VLNK).mode(0777).build(), target).cookie();
  }

  /** REMOVE after a DELETE lookup; if the lookup fails the server is asked with no target cookie. */
  public void remove(Cookie dir, String name) {
    server.remove(ctx(), dir, tryLookup(dir, name), ComponentName.of(NameiOp.DELETE, name));
  }

  public void rmdir(Cookie dir, String name) {
    server.rmdir(ctx(), dir, tryLookup(dir, name), ComponentName.of(NameiOp.DELETE, name));
  }

  public void link(Cookie dir, Cookie target, String name) {
    server.link(ctx(), dir, target, ComponentName.of(NameiOp.CREATE, name));
  }

  public void rename(Cookie sourceDir, String sourceName, Cookie targetDir, String targetName) {
    server.rename(ctx(), sourceDir, tryLookup(sourceDir, sourceName), ComponentName.of(NameiOp.RENAME, sourceName),
        targetDir, tryLookup(targetDir, targetName), ComponentName.of(NameiOp.RENAME, targetName));
  }

  public Vattr getattr(Cookie node) {
    return server.getattr(ctx(), node).va();
  }

  public Vattr setattr(Cookie node, Vattr va) {
    return server.setattr(ctx(), node, va).va();
  }

  public Vattr chmod(Cookie node, int mode) {
    return setattr(node, Vattr.builder().mode(mode).build());
  }

  public Vattr truncate(Cookie node, long size) {
    return setattr(node, Vattr.builder().size(size).build());
  }

  public void write(Cookie node, long offset, byte[] data) {
    long left = server.write(ctx(), node, offset, 0, Bytes.of(data));
    if (left != 0) {
      throw new PuffsException(Errno.EIO, "short write: " + left + " left");
    }
  }

  public byte[] read(Cookie node, long offset, int length) {
    return server.read(ctx(), node, offset, length, 0).toByteArray();
  }

  /** The whole file, read in 64 KiB requests as the engine would. */
  public byte[] readAll(Cookie node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long offset = 0;
    while (true) {
      Bytes b = server.read(ctx(), node, offset, 65536, 0);
      if (b.isEmpty()) {
        return out.toByteArray();
      }
      out.writeBytes(b.toByteArray());
      offset += b.size();
    }
  }

  public String readlink(Cookie node) {
    return server.readlink(ctx(), node, 1024);
  }

  /** Every entry, "." and ".." included, in READDIR calls of {@code bufferSize} bytes. */
  public List<DirEntry> readdirAll(Cookie dir, int bufferSize) {
    List<DirEntry> all = new ArrayList<>();
    long offset = 0;
    while (true) {
      OpReply.Entries r = server.readdir(ctx(), dir, offset, bufferSize, 0);
      all.addAll(r.entries());
      offset = r.offset();
      if (r.eof() || r.entries().isEmpty()) {
        return all;
      }
    }
  }

  /** The names in a directory, without "." and "..". */
  public List<String> names(Cookie dir) {
    List<String> names = new ArrayList<>();
    for (DirEntry e : readdirAll(dir, 4096)) {
      if (!e.name().equals(".") && !e.name().equals("..")) {
        names.add(e.name());
      }
    }
    return names;
  }
}
