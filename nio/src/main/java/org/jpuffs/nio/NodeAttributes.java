package org.jpuffs.nio;

import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Vattr;

/**
 * GETATTR and SETATTR of the node a path names, what every attribute view is made of. The path is walked again on
 * each call, as the default file system's views do: a view is a path, not an open file.
 */
final class NodeAttributes {

  private final PuffsFileSystem fs;
  private final VnodeTree tree;
  private final PuffsPath path;
  private final boolean follow;

  NodeAttributes(PuffsFileSystem fs, PuffsPath path, boolean follow) {
    this(fs, fs.tree(), path, follow);
  }

  /** The attributes of {@code path} resolved in {@code tree}. */
  NodeAttributes(PuffsFileSystem fs, VnodeTree tree, PuffsPath path, boolean follow) {
    this.fs = fs;
    this.tree = tree;
    this.path = path;
    this.follow = follow;
  }

  VnodeTree tree() {
    return tree;
  }

  PuffsFileSystem fs() {
    return fs;
  }

  PuffsPath path() {
    return path;
  }

  boolean follow() {
    return follow;
  }

  /** GETATTR; from the engine's caches alone when they know the path and the attributes. */
  PuffsFileAttributes read() throws IOException {
    fs.checkOpen();
    Vattr cached = tree.cachedAttributes(path, follow);
    if (cached != null) {
      return new PuffsFileAttributes(fs.name(), cached);
    }
    try (NodeRef node = tree.walk(path, follow)) {
      return new PuffsFileAttributes(fs.name(), tree.await(() -> node.vnode().getattr(fs.cred())));
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
  }

  /** SETATTR of the fields set in {@code va}. */
  void write(Vattr va) throws IOException {
    fs.checkOpen();
    try (NodeRef node = tree.walk(path, follow)) {
      tree.await(() -> node.vnode().setattr(va, fs.cred()));
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
    publishModified();
  }

  /** Tells watchers of the parent directory that this entry's attributes changed. */
  void publishModified() {
    if (path.getFileName() == null) {
      return; // the root or the start directory itself: no parent entry to report
    }
    try (NodeRef dir = tree.walkParent(path)) {
      fs.changes().publish(dir.vnode().cookie(), ENTRY_MODIFY, path.getFileName().toString());
    } catch (IOException e) {
      // the parent went away after the change: nobody can be watching it
    }
  }
}
