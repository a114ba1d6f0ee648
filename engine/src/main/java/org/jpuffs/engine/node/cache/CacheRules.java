package org.jpuffs.engine.node.cache;

import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.VnOp;

/** Which ops touch which cache, as puffs' vnode ops decide it. */
public final class CacheRules {
  private CacheRules() {}

  /**
   * Whether namei would use and fill the name cache for {@code cn}: not for the last component of a DELETE, CREATE
   * or RENAME lookup, for which NetBSD clears MAKEENTRY (the op that follows changes that very name).
   */
  public static boolean usesNameCache(ComponentName cn) {
    return cn.nameiop() == NameiOp.LOOKUP || (cn.flags() & ComponentName.ISLASTCN) == 0;
  }

  /** The name a lookup or node-creating op is about, or null for other ops. */
  public static String nameOf(VnOp op) {
    if (op instanceof VnOp.Lookup lookup) {
      return lookup.cn().name();
    } else if (op instanceof VnOp.Create create) {
      return create.cn().name();
    } else if (op instanceof VnOp.Mkdir mkdir) {
      return mkdir.cn().name();
    } else if (op instanceof VnOp.Mknod mknod) {
      return mknod.cn().name();
    } else if (op instanceof VnOp.Symlink symlink) {
      return symlink.cn().name();
    }
    return null;
  }

  /**
   * Whether {@code op} changes the attributes of the node it is sent to (size, times, link count), so that cached
   * ones must go: setattr (puffs clears the timeout before sending), writes, and every change to a directory's
   * entries or a node's extended attributes.
   */
  public static boolean changesAttributes(VnOp op) {
    return op instanceof VnOp.Setattr || op instanceof VnOp.Write || op instanceof VnOp.Create
        || op instanceof VnOp.Mknod || op instanceof VnOp.Mkdir || op instanceof VnOp.Symlink
        || op instanceof VnOp.Remove || op instanceof VnOp.Rmdir || op instanceof VnOp.Link
        || op instanceof VnOp.Rename || op instanceof VnOp.Setextattr || op instanceof VnOp.Deleteextattr
        || op instanceof VnOp.Fallocate || op instanceof VnOp.Fdiscard;
  }
}
