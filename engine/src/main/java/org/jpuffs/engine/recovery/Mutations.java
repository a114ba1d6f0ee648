package org.jpuffs.engine.recovery;

import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.VnOp;

/** Which ops change a file system's state: what the op log keeps at record level {@code mutations}. */
public final class Mutations {

  private Mutations() {}

  /**
   * {@code true} for create, mknod, mkdir, symlink, link, remove, rmdir, rename, write, setattr, fallocate, fdiscard,
   * setextattr and deleteextattr.
   */
  public static boolean isMutation(Op op) {
    return op instanceof VnOp.Create || op instanceof VnOp.Mknod || op instanceof VnOp.Mkdir
        || op instanceof VnOp.Symlink || op instanceof VnOp.Link || op instanceof VnOp.Remove
        || op instanceof VnOp.Rmdir || op instanceof VnOp.Rename || op instanceof VnOp.Write
        || op instanceof VnOp.Setattr || op instanceof VnOp.Fallocate || op instanceof VnOp.Fdiscard
        || op instanceof VnOp.Setextattr || op instanceof VnOp.Deleteextattr;
  }
}
