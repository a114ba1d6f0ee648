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
  private final PuffsPath path;
  private final boolean follow;

  NodeAttributes(PuffsFileSystem fs, PuffsPath path, boolean follow) {
    this.fs = fs;
    this.path = path;
    this.follow = follow;
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

  /** GETATTR. */
  PuffsFileAttributes read() throws IOException {
    fs.checkOpen();
    try (NodeRef node = fs.tree().walk(path, follow)) {
      return new PuffsFileAttributes(fs.name(), fs.tree().await(node.vnode().getattr(fs.cred())));
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
  }

  /** SETATTR of the fields set in {@code va}. */
  void write(Vattr va) throws IOException {
    fs.checkOpen();
    try (NodeRef node = fs.tree().walk(path, follow)) {
      fs.tree().await(node.vnode().setattr(va, fs.cred()));
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
    PuffsPath parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      try (NodeRef dir = fs.tree().walk(parent, true)) {
        fs.changes().publish(dir.vnode().cookie(), ENTRY_MODIFY, path.getFileName().toString());
      } catch (IOException e) {
        // the parent went away after the change: nobody can be watching it
      }
    }
  }
}
