package org.jpuffs.api.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VnOp;

/**
 * Builds GETEXTATTR and LISTEXTATTR replies with the buffer rules the engine checks, so that servers do not each get
 * them subtly wrong: a caller that only wants the size gets no data; a value that does not fit is ERANGE (Linux
 * {@code getxattr} semantics, which the FUSE bridge needs) rather than silently truncated.
 */
public final class ExtattrReplies {
  private ExtattrReplies() {}

  /** The reply for an attribute whose whole value is {@code value}. */
  public static OpReply.Extattr value(Bytes value, boolean wantSize, long resid) {
    if (wantSize) {
      return new OpReply.Extattr(Bytes.EMPTY, value.size(), resid);
    }
    if (value.size() > resid) {
      throw new PuffsException(Errno.ERANGE, "value of " + value.size() + " bytes, buffer of " + resid);
    }
    return new OpReply.Extattr(value, value.size(), resid - value.size());
  }

  /**
   * The reply listing {@code names}: each name as one length byte followed by the name, the NetBSD
   * {@code extattr_list_file} format. Names longer than 255 bytes cannot be listed in this format and are an error.
   */
  public static OpReply.Extattr names(Collection<String> names, boolean wantSize, long resid) {
    return value(encodeNames(names), wantSize, resid);
  }

  /**
   * The reply to a LISTEXTATTR with {@code flags}: with {@link VnOp.Listextattr#LENPREFIX} the NetBSD length-prefixed
   * list of bare names ({@link #names(Collection, boolean, long)}); without it the Linux {@code listxattr} list, each
   * name with its namespace prefix and a NUL ({@code "user.a\0user.b\0"}), which is what a FUSE client wants.
   */
  public static OpReply.Extattr names(int attrNamespace, Collection<String> names, int flags, boolean wantSize,
      long resid) {
    if ((flags & VnOp.Listextattr.LENPREFIX) != 0) {
      return names(names, wantSize, resid);
    }
    String prefix = ExtattrNamespace.prefix(attrNamespace);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      out.writeBytes((prefix + name).getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return value(Bytes.adopt(out.toByteArray()), wantSize, resid);
  }

  /** The NetBSD list format: length byte, name, for each name. */
  public static Bytes encodeNames(Collection<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > 255) {
        throw new PuffsException(Errno.ENAMETOOLONG, "attribute name longer than 255 bytes");
      }
      out.write(utf8.length);
      out.writeBytes(utf8);
    }
    return Bytes.adopt(out.toByteArray());
  }
}
