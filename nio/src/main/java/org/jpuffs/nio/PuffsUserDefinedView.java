package org.jpuffs.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.engine.Vnode;

/**
 * The {@code user} view: extended attributes of the USER namespace through GETEXTATTR, SETEXTATTR, LISTEXTATTR and
 * DELETEEXTATTR. Names are given without the {@code user.} prefix, as on the default file system.
 */
final class PuffsUserDefinedView implements UserDefinedFileAttributeView {

  private final NodeAttributes node;

  PuffsUserDefinedView(NodeAttributes node) {
    this.node = node;
  }

  @Override
  public String name() {
    return "user";
  }

  /** LISTEXTATTR, asked twice: once for the size, once with a buffer that size (names are length-prefixed). */
  @Override
  public List<String> list() throws IOException {
    return call(vnode -> {
      long size = node.tree().await(() -> vnode.listextattr(ExtattrNamespace.USER, true, 0, cred())).datasize();
      if (size <= 0) {
        return List.of();
      }
      Bytes data = node.tree().await(() -> vnode.listextattr(ExtattrNamespace.USER, false, size, cred())).data();
      List<String> names = new ArrayList<>();
      byte[] bytes = data.toByteArray();
      for (int at = 0; at < bytes.length; ) {
        int length = bytes[at] & 0xff;
        names.add(new String(bytes, at + 1, length, StandardCharsets.UTF_8));
        at += 1 + length;
      }
      return List.copyOf(names);
    });
  }

  @Override
  public int size(String name) throws IOException {
    Objects.requireNonNull(name, "name");
    return call(vnode -> (int) node.tree().await(
        () -> vnode.getextattr(ExtattrNamespace.USER, name, true, 0, cred())).datasize());
  }

  @Override
  public int read(String name, ByteBuffer dst) throws IOException {
    Objects.requireNonNull(name, "name");
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException("read-only buffer");
    }
    Bytes value = call(vnode -> {
      OpReply.Extattr reply = node.tree().await(() -> vnode.getextattr(ExtattrNamespace.USER, name, false,
          dst.remaining(), cred()));
      return reply.data();
    });
    if (value.size() > dst.remaining()) {
      throw new FileSystemException(node.path().toString(), null, "ERANGE: buffer too small for " + name);
    }
    dst.put(value.asReadOnlyBuffer());
    return value.size();
  }

  @Override
  public int write(String name, ByteBuffer src) throws IOException {
    Objects.requireNonNull(name, "name");
    Bytes value = Bytes.of(src.duplicate());
    call(vnode -> node.tree().await(() -> vnode.setextattr(ExtattrNamespace.USER, name, value, cred())));
    src.position(src.limit());
    changed();
    return value.size();
  }

  @Override
  public void delete(String name) throws IOException {
    Objects.requireNonNull(name, "name");
    call(vnode -> node.tree().await(() -> vnode.deleteextattr(ExtattrNamespace.USER, name, cred())));
    changed();
  }

  private org.jpuffs.api.protocol.Cred cred() {
    return node.fs().cred();
  }

  private void changed() {
    // An xattr change is an attribute change, which the default file system's watch service reports as MODIFY.
    node.publishModified();
  }

  /** An extattr op on the node. */
  private interface Op<T> {
    T on(Vnode vnode) throws IOException;
  }

  private <T> T call(Op<T> op) throws IOException {
    node.fs().checkOpen();
    try (NodeRef ref = node.tree().walk(node.path(), node.follow())) {
      return op.on(ref.vnode());
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), node.path());
    }
  }
}
