package org.jpuffs.fuse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.engine.Vnode;
import org.jpuffs.fuse.kernel.FuseReply;
import org.jpuffs.fuse.kernel.FuseRequest;
import org.jpuffs.fuse.kernel.Wire;

/**
 * Linux extended attributes ({@code user.x}, one flat list) on puffs' namespaced ones ({@code USER} + {@code x},
 * listed per namespace with length-prefixed names).
 */
final class XattrOps {
  private static final int XATTR_CREATE = 1;
  private static final int XATTR_REPLACE = 2;
  private static final int[] NAMESPACES = {
    ExtattrNamespace.USER, ExtattrNamespace.TRUSTED, ExtattrNamespace.SECURITY, ExtattrNamespace.SYSTEM
  };
  private static final long LIST_MAX = 65536;

  /** A Linux name split into a puffs namespace and the rest. */
  record Name(int namespace, String name) {
    static Name parse(String full) {
      for (int ns : NAMESPACES) {
        String prefix = ExtattrNamespace.prefix(ns);
        if (full.startsWith(prefix) && full.length() > prefix.length()) {
          return new Name(ns, full.substring(prefix.length()));
        }
      }
      throw new PuffsException(Errno.EOPNOTSUPP, "no extended attribute namespace in '" + full + "'");
    }
  }

  CompletionStage<FuseReply> get(Vnode node, FuseRequest in, Cred cred) {
    int size = in.u32();
    in.skip(4);
    Name name = Name.parse(in.name());
    if (size == 0) {
      return node.getextattr(name.namespace(), name.name(), true, 0, cred).thenApply(x -> sizeReply(x.datasize()));
    }
    return node.getextattr(name.namespace(), name.name(), false, size, cred).thenApply(x -> {
      if (x.datasize() > size || x.data().size() > size) {
        throw new PuffsException(Errno.ERANGE);
      }
      return FuseReply.Payload.wrap(x.data().asReadOnlyBuffer());
    });
  }

  CompletionStage<FuseReply> set(Vnode node, FuseRequest in, Cred cred) {
    int size = in.u32();
    int flags = in.u32();
    Name name = Name.parse(in.name());
    Bytes value = Bytes.adopt(in.bytes(size));
    CompletionStage<Void> checked = flags == 0 ? CompletableFuture.completedFuture(null)
        : node.getextattr(name.namespace(), name.name(), true, 0, cred).handle((x, failure) -> {
          boolean exists = failure == null;
          if (!exists && Errors.errnoOf(failure) != Errno.ENOATTR.value()) {
            throw new PuffsException(Errno.of(Math.max(Errors.errnoOf(failure), Errno.EIO.value())));
          }
          if ((flags & XATTR_CREATE) != 0 && exists) {
            throw new PuffsException(Errno.EEXIST);
          }
          if ((flags & XATTR_REPLACE) != 0 && !exists) {
            throw new PuffsException(Errno.ENOATTR);
          }
          return null;
        });
    return checked.thenCompose(ok -> node.setextattr(name.namespace(), name.name(), value, cred))
        .thenApply(ok -> FuseReply.ok());
  }

  CompletionStage<FuseReply> remove(Vnode node, FuseRequest in, Cred cred) {
    Name name = Name.parse(in.name());
    return node.deleteextattr(name.namespace(), name.name(), cred).thenApply(ok -> FuseReply.ok());
  }

  /** Lists every namespace the caller may see; a namespace the server refuses is simply not listed. */
  CompletionStage<FuseReply> list(Vnode node, FuseRequest in, Cred cred) {
    int size = in.u32();
    List<CompletableFuture<byte[]>> parts = new ArrayList<>();
    for (int ns : NAMESPACES) {
      parts.add(node.listextattr(ns, false, LIST_MAX, cred).thenApply(x -> linuxNames(ns, x))
          .exceptionally(failure -> new byte[0]).toCompletableFuture());
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(all -> {
      ByteArrayOutputStream names = new ByteArrayOutputStream();
      parts.forEach(p -> names.writeBytes(p.join()));
      if (size == 0) {
        return sizeReply(names.size());
      }
      if (names.size() > size) {
        throw new PuffsException(Errno.ERANGE);
      }
      return FuseReply.Payload.wrap(ByteBuffer.wrap(names.toByteArray()));
    });
  }

  /** puffs' length-prefixed names as Linux's NUL-terminated, prefixed ones. */
  static byte[] linuxNames(int namespace, OpReply.Extattr x) {
    byte[] data = x.data().toByteArray();
    byte[] prefix = ExtattrNamespace.prefix(namespace).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < data.length) {
      int len = data[i] & 0xff;
      if (i + 1 + len > data.length) {
        break;
      }
      if (len > 0) {
        out.writeBytes(prefix);
        out.write(data, i + 1, len);
        out.write(0);
      }
      i += 1 + len;
    }
    return out.toByteArray();
  }

  private static FuseReply sizeReply(long size) {
    ByteBuffer out = FuseReply.allocate(8);
    Wire.xattrSize(out, (int) size);
    return FuseReply.Payload.of(out);
  }
}
