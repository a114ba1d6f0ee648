package org.jpuffs.nio;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.engine.Vnode;

/**
 * Opens files for channels as open(2) does: LOOKUP of the last name, CREATE if asked and absent (CREATE_NEW
 * insisting on absence), a final symlink followed unless NOFOLLOW_LINKS (then ELOOP), OPEN with the mode, and
 * TRUNCATE_EXISTING as a SETATTR of size 0.
 */
final class FileOpener {

  private final PuffsFileSystem fs;
  private final VnodeTree tree;

  FileOpener(PuffsFileSystem fs) {
    this(fs, fs.tree());
  }

  /** An opener with relative paths resolved in {@code tree}. */
  FileOpener(PuffsFileSystem fs, VnodeTree tree) {
    this.fs = fs;
    this.tree = tree;
  }

  PuffsFileChannel open(PuffsPath path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    OpenMode mode = OpenMode.of(options);
    Vattr newFile = NewNodeAttributes.of(VType.VREG, 0644, attrs);
    try (NodeRef parent = tree.walkParent(path)) {
      String name = Namespace.lastName(path);
      Cookie dir = parent.vnode().cookie();
      // CREATE_NEW goes straight to CREATE, which refuses an existing name itself (O_CREAT|O_EXCL): one round trip
      // fewer than looking the name up first.
      Vnode node = mode.createNew() ? null : tree.lookupOrNull(parent.vnode(), name, path);
      boolean created = false;
      if (node == null) {
        if (!mode.create() && !mode.createNew()) {
          throw new NoSuchFileException(path.toString());
        }
        node = create(parent.vnode(), name, newFile, mode, path);
        created = node != null;
        if (node == null) {
          node = tree.lookupOrNull(parent.vnode(), name, path); // lost a race with another creator: open theirs
          if (node == null) {
            throw new NoSuchFileException(path.toString());
          }
        }
      }
      if (node.type() == VType.VLNK) {
        node.release();
        if (!mode.follow()) {
          throw Errnos.toException(Errno.ELOOP, path);
        }
        return openFollowed(path, mode);
      }
      PuffsFileChannel channel = opened(node, mode, dir, name, path);
      if (created) {
        fs.changes().publish(dir, ENTRY_CREATE, name);
      }
      return channel;
    }
  }

  /** A final symlink: open its target (CREATE on a dangling link is not followed through to a new file). */
  private PuffsFileChannel openFollowed(PuffsPath path, OpenMode mode) throws IOException {
    NodeRef target = tree.walk(path, true);
    if (!target.owned()) {
      throw new FileSystemException(path.toString(), null, "EISDIR: Is a directory"); // the link leads to the root
    }
    return opened(target.vnode(), mode, Cookie.NONE, path.getFileName().toString(), path);
  }

  private Vnode create(Vnode dir, String name, Vattr va, OpenMode mode, PuffsPath path) throws IOException {
    try {
      return tree.await(() -> dir.create(name, va, tree.cred()));
    } catch (PuffsException e) {
      if (e.errno().equals(Errno.EEXIST) && !mode.createNew()) {
        return null;
      }
      throw Errnos.toException(e.errno(), path);
    }
  }

  private PuffsFileChannel opened(Vnode node, OpenMode mode, Cookie dir, String name, PuffsPath path)
      throws IOException {
    boolean ok = false;
    try {
      if (node.type() == VType.VDIR && mode.write()) {
        throw new FileSystemException(path.toString(), null, "EISDIR: Is a directory");
      }
      tree.await(() -> node.open(mode.fflag(), tree.cred()));
      try {
        if (mode.truncate() && node.type() == VType.VREG) {
          tree.await(() -> node.setattr(Vattr.builder().size(0).build(), tree.cred()));
          fs.changes().publish(dir, ENTRY_MODIFY, name);
        }
      } catch (PuffsException e) {
        node.close(mode.fflag(), tree.cred());
        throw e;
      }
      PuffsFileChannel channel = new PuffsFileChannel(fs, tree, node, mode, dir, name, path);
      fs.opened(channel);
      ok = true;
      return channel;
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    } finally {
      if (!ok) {
        node.release();
      }
    }
  }
}
