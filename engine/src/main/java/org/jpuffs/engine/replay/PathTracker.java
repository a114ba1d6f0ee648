package org.jpuffs.engine.replay;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.oplog.CookieMap;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * The path of each recorded node as far as the recording shows it, for naming the file a divergence is about: the
 * root is {@code /}, and every recorded LOOKUP, CREATE, MKNOD, MKDIR and SYMLINK that named a node gives it its
 * directory's path plus the name; a RENAME moves the name of the node it moved. A node reached only through another
 * name (a hard link) keeps the last name seen; the descendants of a renamed directory keep their old paths.
 *
 * <p>Learned and read in recorded order by the replay's feeding stage, which takes each op's path before learning
 * from it: a divergence names the file as it was called when the op was issued.
 */
final class PathTracker {

  private final Map<Cookie, String> paths = new ConcurrentHashMap<>();

  PathTracker(Cookie recordedRoot) {
    paths.put(recordedRoot, "/");
  }

  /** Learns what {@code record} shows about paths. */
  void learn(OpRecord record) {
    Op op = record.request().op();
    ComponentName cn = nameOf(op);
    if (cn != null) {
      CookieMap.nodeOf(record.reply()).ifPresent(node -> paths.put(node, join(pathOf(record.request().cookie()),
          cn.name())));
    }
    if (op instanceof VnOp.Rename rename && record.reply() != null && record.reply().isOk()) {
      paths.put(rename.source(), join(pathOf(rename.targetDir()), rename.targetName().name()));
    }
  }

  /** The path of the file {@code record}'s op is about: its node's, plus the name the op carries. */
  String pathOf(OpRecord record) {
    Op op = record.request().op();
    String base = pathOf(record.request().cookie());
    ComponentName cn = op instanceof VnOp.Rename rename ? rename.sourceName() : nameOf(op);
    if (cn == null && op instanceof VnOp.Remove remove) {
      cn = remove.cn();
    }
    return cn == null ? base : join(base, cn.name());
  }

  /** The path of recorded node {@code cookie}, or a placeholder naming the cookie. */
  String pathOf(Cookie cookie) {
    if (cookie.isNone()) {
      return "(mount)";
    }
    return Optional.ofNullable(paths.get(cookie)).orElse("(node " + cookie + ")");
  }

  private static ComponentName nameOf(Op op) {
    if (op instanceof VnOp.Lookup o) {
      return o.cn();
    }
    if (op instanceof VnOp.Create o) {
      return o.cn();
    }
    if (op instanceof VnOp.Mknod o) {
      return o.cn();
    }
    if (op instanceof VnOp.Mkdir o) {
      return o.cn();
    }
    if (op instanceof VnOp.Symlink o) {
      return o.cn();
    }
    if (op instanceof VnOp.Rmdir o) {
      return o.cn();
    }
    if (op instanceof VnOp.Link o) {
      return o.cn();
    }
    if (op instanceof VnOp.Abortop o) {
      return o.cn();
    }
    return null;
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
