package org.jpuffs.nio;

import org.jpuffs.engine.Vnode;

/**
 * A vnode found by a path walk, with whether this walk owns its reference. The file system's root is held for the
 * file system's whole life, so a walk that ends at the root borrows it and must not release it.
 */
record NodeRef(Vnode vnode, boolean owned) implements AutoCloseable {

  /** Gives the reference back if this walk took it. */
  @Override
  public void close() {
    if (owned) {
      vnode.release();
    }
  }

}
