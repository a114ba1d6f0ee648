package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.ExtattrReplies;

/**
 * Extended attributes through the JDK's {@link UserDefinedFileAttributeView}, which reaches exactly the host's
 * {@code user.} namespace; the other namespaces answer EOPNOTSUPP. A host file system without user attributes makes
 * every op EOPNOTSUPP too. As on Linux, only regular files and directories carry user attributes: on other nodes
 * reading finds nothing and writing is EPERM.
 */
final class HostXattrs {

  private HostXattrs() {}

  /** GETEXTATTR. */
  static OpReply.Extattr get(HostNode node, int namespace, String name, boolean wantSize, long resid) {
    checkNamespace(namespace);
    checkName(name);
    if (!carriesAttributes(node)) {
      throw new PuffsException(Errno.ENODATA);
    }
    UserDefinedFileAttributeView view = view(node.path());
    try {
      ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
      view.read(name, buffer);
      buffer.flip();
      return ExtattrReplies.value(Bytes.of(buffer), wantSize, resid);
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /** SETEXTATTR. */
  static void set(HostNode node, int namespace, String name, Bytes data) {
    checkNamespace(namespace);
    checkName(name);
    if (!carriesAttributes(node)) {
      throw new PuffsException(Errno.EPERM, "user attributes only on files and directories");
    }
    try {
      view(node.path()).write(name, data.asReadOnlyBuffer());
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /**
   * LISTEXTATTR: with {@link VnOp.Listextattr#LENPREFIX} the NetBSD format (length byte, name); without it the Linux
   * {@code listxattr} format (full name with its {@code "user."} prefix, NUL).
   */
  static OpReply.Extattr list(HostNode node, int namespace, boolean wantSize, long resid, int flags) {
    checkNamespace(namespace);
    List<String> names;
    if (!carriesAttributes(node)) {
      names = List.of();
    } else {
      try {
        names = new ArrayList<>(view(node.path()).list());
      } catch (IOException e) {
        throw HostErrors.toPuffs(e);
      }
      names.sort(null); // the host lists in its own order; the protocol's list is sorted
    }
    return ExtattrReplies.names(namespace, names, flags, wantSize, resid);
  }

  /** DELETEEXTATTR. */
  static void delete(HostNode node, int namespace, String name) {
    checkNamespace(namespace);
    checkName(name);
    if (!carriesAttributes(node)) {
      throw new PuffsException(Errno.EPERM, "user attributes only on files and directories");
    }
    try {
      view(node.path()).delete(name);
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /**
   * {@code true} if the host file system of {@code dir} stores user attributes: probes by writing and removing one on
   * {@code dir}. For tests and diagnostics.
   */
  static boolean supported(Path dir) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return false;
    }
    String probe = "jpuffs.probe." + ProcessHandle.current().pid();
    try {
      view.write(probe, ByteBuffer.wrap(new byte[] {1}));
      view.delete(probe);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean carriesAttributes(HostNode node) {
    return node.attrs().isRegular() || node.attrs().isDirectory();
  }

  private static UserDefinedFileAttributeView view(Path path) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      throw new PuffsException(Errno.EOPNOTSUPP, "the host has no user attributes");
    }
    return view;
  }

  private static void checkNamespace(int namespace) {
    if (!ExtattrNamespace.isValid(namespace)) {
      throw new PuffsException(Errno.EINVAL, "no extattr namespace " + namespace);
    }
    if (namespace != ExtattrNamespace.USER) {
      throw new PuffsException(Errno.EOPNOTSUPP, "only the user namespace is passed through");
    }
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new PuffsException(Errno.EINVAL, "bad attribute name");
    }
    // The host counts the "user." prefix in its 255 bytes: names here may have 250 at most.
    if (name.getBytes(StandardCharsets.UTF_8).length > PuffsConstants.NAME_MAX - "user.".length()) {
      throw new PuffsException(Errno.ENAMETOOLONG, "attribute name too long");
    }
  }
}
