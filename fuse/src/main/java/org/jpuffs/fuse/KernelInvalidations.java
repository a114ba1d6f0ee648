package org.jpuffs.fuse;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jpuffs.engine.sop.Invalidation;
import org.jpuffs.engine.sop.InvalidationListener;
import org.jpuffs.fuse.kernel.FuseOpcode;
import org.jpuffs.fuse.kernel.FuseReply;
import org.jpuffs.fuse.kernel.FuseSession;
import org.jpuffs.fuse.kernel.Wire;

/**
 * The server's cache invalidations (puffs sop) passed on to the kernel as FUSE_NOTIFY_INVAL_ENTRY / INVAL_INODE, so
 * the kernel never serves what the server has changed behind its back (a passthrough's host directory edited).
 * Notifications are written on a thread of their own: the kernel may hold the inode lock while it waits for a
 * reply of ours, and a notification written from a request thread would then deadlock.
 */
final class KernelInvalidations implements InvalidationListener, AutoCloseable {
  private final NodeTable nodes;
  private final FuseSession session;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuse-notify");
    t.setDaemon(true);
    return t;
  });

  KernelInvalidations(NodeTable nodes, FuseSession session) {
    this.nodes = nodes;
    this.session = session;
  }

  @Override
  public void invalidated(Invalidation inv) {
    try {
      writer.execute(() -> send(inv));
    } catch (RejectedExecutionException e) {
      // closed: the mount is going away, nothing is cached any more
    }
  }

  private void send(Invalidation inv) {
    switch (inv.op()) {
      case INVAL_NAMECACHE_NODE -> {
        NodeTable.Name name = nodes.nameOf(inv.cookie());
        if (name != null) {
          entry(name.parent(), name.name());
        }
      }
      case INVAL_NAMECACHE_DIR -> {
        long dir = nodes.idOf(inv.cookie());
        if (dir != 0) {
          nodes.namesIn(dir).forEach(n -> entry(dir, n));
          nodes.negativeNamesIn(dir).forEach(n -> entry(dir, n));
          inode(dir, 0, 0);
        }
      }
      case INVAL_NAMECACHE_ALL -> {
        nodes.allNames().forEach(n -> entry(n.parent(), n.name()));
        nodes.allNegativeNames().forEach(n -> entry(n.parent(), n.name()));
      }
      case INVAL_PAGECACHE_NODE_RANGE, FLUSH_PAGECACHE_NODE_RANGE -> {
        long id = nodes.idOf(inv.cookie());
        if (id != 0) {
          inode(id, inv.start(), inv.end() == 0 ? 0 : Math.max(0, inv.end() - inv.start()));
        }
      }
      default -> throw new IllegalStateException("unknown flush op " + inv.op());
    }
  }

  private void entry(long parent, String name) {
    ByteBuffer out = FuseReply.allocate(16 + name.length() * 4 + 1);
    Wire.invalEntry(out, parent, name);
    session.notify(FuseOpcode.NOTIFY_INVAL_ENTRY, out);
  }

  private void inode(long id, long offset, long length) {
    ByteBuffer out = FuseReply.allocate(24);
    Wire.invalInode(out, id, offset, length);
    session.notify(FuseOpcode.NOTIFY_INVAL_INODE, out);
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
