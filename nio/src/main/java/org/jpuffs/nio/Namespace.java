package org.jpuffs.nio;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;

import java.io.IOException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.engine.Vnode;

/**
 * The namespace operations of a file system, each one vnode op on the walked parent: MKDIR, SYMLINK, LINK, REMOVE or
 * RMDIR, RENAME, READLINK, ACCESS. Each success is published to the {@link ChangeFeed}.
 */
final class Namespace {

  private final PuffsFileSystem fs;
  private final VnodeTree tree;

  Namespace(PuffsFileSystem fs) {
    this(fs, fs.tree());
  }

  /** The namespace with relative paths resolved in {@code tree}. */
  Namespace(PuffsFileSystem fs, VnodeTree tree) {
    this.fs = fs;
    this.tree = tree;
  }

  /** Which kinds of node {@link #delete(PuffsPath, Kind)} may remove. */
  enum Kind {
    ANY,
    FILE,
    DIRECTORY
  }

  /** MKDIR with the permissions in {@code attrs} (0755 without). */
  void createDirectory(PuffsPath dir, FileAttribute<?>... attrs) throws IOException {
    Vattr va = NewNodeAttributes.of(VType.VDIR, 0755, attrs);
    try (NodeRef parent = tree.walkParent(dir)) {
      String name = lastName(dir);
      try {
        tree.await(() -> parent.vnode().mkdir(name, va, tree.cred())).release();
      } catch (PuffsException e) {
        throw Errnos.toException(e.errno(), dir);
      }
      fs.changes().publish(parent.vnode().cookie(), ENTRY_CREATE, name);
    }
  }

  /** SYMLINK {@code link} → {@code target} (stored as given, not resolved). */
  void createSymbolicLink(PuffsPath link, PuffsPath target, FileAttribute<?>... attrs) throws IOException {
    Vattr va = NewNodeAttributes.of(VType.VLNK, 0777, attrs);
    try (NodeRef parent = tree.walkParent(link)) {
      String name = lastName(link);
      try {
        tree.await(() -> parent.vnode().symlink(name, va, target.toString(), tree.cred())).release();
      } catch (PuffsException e) {
        throw Errnos.toException(e.errno(), link);
      }
      fs.changes().publish(parent.vnode().cookie(), ENTRY_CREATE, name);
    }
  }

  /** LINK: {@code link} becomes another name of {@code existing} (a symlink itself is linked, as link(2) does). */
  void createLink(PuffsPath link, PuffsPath existing) throws IOException {
    try (NodeRef target = tree.walk(existing, false); NodeRef parent = tree.walkParent(link)) {
      String name = lastName(link);
      try {
        tree.await(() -> parent.vnode().link(target.vnode(), name, tree.cred()));
      } catch (PuffsException e) {
        throw Errnos.toException(e.errno(), link.toString(), existing.toString());
      }
      fs.changes().publish(parent.vnode().cookie(), ENTRY_CREATE, name);
    }
  }

  /** REMOVE, or RMDIR for a directory; the final name is not followed. */
  void delete(PuffsPath path) throws IOException {
    delete(path, Kind.ANY);
  }

  /** {@link #delete(PuffsPath)} of a node of {@code kind}: EISDIR or ENOTDIR for the other kind. */
  void delete(PuffsPath path, Kind kind) throws IOException {
    try (NodeRef parent = tree.walkParent(path)) {
      String name = lastName(path);
      Vnode node = tree.lookupOrNull(parent.vnode(), name, path);
      if (node == null) {
        throw new NoSuchFileException(path.toString());
      }
      try (node) {
        if (kind == Kind.FILE && node.type() == VType.VDIR) {
          throw new PuffsException(Errno.EISDIR);
        }
        if (kind == Kind.DIRECTORY && node.type() != VType.VDIR) {
          throw new PuffsException(Errno.ENOTDIR);
        }
        if (node.type() == VType.VDIR) {
          tree.await(() -> parent.vnode().rmdir(node, name, tree.cred()));
        } else {
          tree.await(() -> parent.vnode().remove(node, name, tree.cred()));
        }
      } catch (PuffsException e) {
        throw Errnos.toException(e.errno(), path);
      }
      fs.changes().publish(parent.vnode().cookie(), ENTRY_DELETE, name);
    }
  }

  /** READLINK of {@code link}. */
  PuffsPath readSymbolicLink(PuffsPath link) throws IOException {
    try (NodeRef node = tree.walk(link, false)) {
      if (node.vnode().type() != VType.VLNK) {
        throw new NotLinkException(link.toString());
      }
      try {
        return fs.getPath(tree.await(() -> node.vnode().readlink(tree.cred())));
      } catch (PuffsException e) {
        throw Errnos.toException(e.errno(), link);
      }
    }
  }

  /** ACCESS with the file system's credentials; no modes asks only whether the file exists. */
  void checkAccess(PuffsPath path, AccessMode... modes) throws IOException {
    int mode = 0;
    for (AccessMode m : modes) {
      switch (m) {
        case READ -> mode |= org.jpuffs.api.protocol.AccessMode.VREAD;
        case WRITE -> mode |= org.jpuffs.api.protocol.AccessMode.VWRITE;
        case EXECUTE -> mode |= org.jpuffs.api.protocol.AccessMode.VEXEC;
        default -> throw new UnsupportedOperationException("access mode " + m);
      }
    }
    try (NodeRef node = tree.walk(path, true)) {
      int wanted = mode;
      if (wanted != 0) {
        tree.await(() -> node.vnode().access(wanted, tree.cred()));
      }
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
  }

  /** {@code true} if both paths reach the same node (same cookie of the same mount). */
  boolean isSameFile(PuffsPath a, PuffsPath b) throws IOException {
    if (a.equals(b)) {
      return true;
    }
    try (NodeRef first = tree.walk(a, true); NodeRef second = tree.walk(b, true)) {
      return first.vnode().cookie().equals(second.vnode().cookie());
    }
  }

  /** {@code true} if {@code target} exists and is the node {@code source} names (a copy onto itself). */
  boolean isSameExistingFile(PuffsPath source, PuffsPath target) throws IOException {
    try {
      return isSameFile(source, target);
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  /**
   * RENAME {@code source} to {@code target} in this file system. Without ATOMIC_MOVE an existing target is refused
   * unless REPLACE_EXISTING, which removes it first (as the JDK does on Unix); with ATOMIC_MOVE the server's rename
   * replaces it atomically.
   */
  void move(PuffsPath source, PuffsPath target, Set<CopyOption> options) throws IOException {
    move(source, tree, target, options);
  }

  /** {@link #move(PuffsPath, PuffsPath, Set)} with {@code target} resolved in {@code targetTree}. */
  void move(PuffsPath source, VnodeTree targetTree, PuffsPath target, Set<CopyOption> options) throws IOException {
    boolean atomic = options.contains(StandardCopyOption.ATOMIC_MOVE);
    boolean replace = options.contains(StandardCopyOption.REPLACE_EXISTING);
    try (NodeRef sourceDir = tree.walkParent(source); NodeRef targetDir = targetTree.walkParent(target)) {
      String sourceName = lastName(source);
      String targetName = lastName(target);
      Vnode moving = tree.lookupOrNull(sourceDir.vnode(), sourceName, source);
      if (moving == null) {
        throw new NoSuchFileException(source.toString());
      }
      try (moving) {
        Vnode existing = tree.lookupOrNull(targetDir.vnode(), targetName, target);
        Vnode replaced = null;
        if (existing != null) {
          try (existing) {
            if (existing.cookie().equals(moving.cookie())) {
              return; // the same file: nothing to do, as Files.move promises
            }
            if (atomic) {
              // RENAME names the node it replaces, so the engine hears (NOREF) that the server dropped it and can
              // recycle its cookie before the host reuses the inode number.
              renameOnto(sourceDir.vnode(), moving, sourceName, targetDir.vnode(), existing, targetName);
              replaced = existing;
            } else if (!replace) {
              throw new FileAlreadyExistsException(target.toString());
            } else {
              removeExisting(targetDir.vnode(), existing, targetName, target);
            }
          }
        }
        if (replaced == null) {
          renameOnto(sourceDir.vnode(), moving, sourceName, targetDir.vnode(), null, targetName);
        }
      } catch (PuffsException e) {
        if (e.errno().equals(Errno.EXDEV) && atomic) {
          throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "EXDEV");
        }
        throw Errnos.toException(e.errno(), source.toString(), target.toString());
      }
      fs.changes().publish(sourceDir.vnode().cookie(), ENTRY_DELETE, sourceName);
      fs.changes().publish(targetDir.vnode().cookie(), ENTRY_CREATE, targetName);
    }
  }

  private void renameOnto(Vnode sourceDir, Vnode moving, String sourceName, Vnode targetDir, Vnode replaced,
      String targetName) throws IOException {
    tree.await(() -> sourceDir.rename(moving, sourceName, targetDir, replaced, targetName, tree.cred()));
  }

  private void removeExisting(Vnode dir, Vnode existing, String name, PuffsPath path) throws IOException {
    try {
      if (existing.type() == VType.VDIR) {
        tree.await(() -> dir.rmdir(existing, name, tree.cred()));
      } else {
        tree.await(() -> dir.remove(existing, name, tree.cred()));
      }
    } catch (PuffsException e) {
      if (e.errno().equals(Errno.ENOTEMPTY) || e.errno().equals(Errno.EEXIST)) {
        throw new DirectoryNotEmptyException(path.toString());
      }
      throw Errnos.toException(e.errno(), path);
    }
    fs.changes().publish(dir.cookie(), ENTRY_DELETE, name);
  }

  /** The last name of {@code path}; {@code .} and {@code ..} name no entry that can be made or removed. */
  static String lastName(PuffsPath path) throws FileSystemException {
    String name = path.getFileName() == null ? null : path.getFileName().toString();
    if (name == null || name.equals(".") || name.equals("..")) {
      throw new FileSystemException(path.toString(), null, "EINVAL: names no directory entry");
    }
    return name;
  }
}
