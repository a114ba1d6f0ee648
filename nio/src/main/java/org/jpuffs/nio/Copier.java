package org.jpuffs.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;

/**
 * Files.copy between puffs paths (of one mount or two): a symlink is copied as a link with NOFOLLOW_LINKS, a
 * directory as an empty directory, a file through two channels; COPY_ATTRIBUTES carries permissions and times.
 * Moves between two mounts are this copy followed by a delete (never atomic).
 */
final class Copier {

  private Copier() {}

  static void copy(PuffsPath source, PuffsPath target, Set<CopyOption> options) throws IOException {
    for (CopyOption option : options) {
      if (option != StandardCopyOption.REPLACE_EXISTING && option != StandardCopyOption.COPY_ATTRIBUTES
          && option != StandardCopyOption.ATOMIC_MOVE && option != LinkOption.NOFOLLOW_LINKS) {
        throw new UnsupportedOperationException("copy option " + option);
      }
    }
    boolean follow = !options.contains(LinkOption.NOFOLLOW_LINKS);
    PuffsFileSystem from = source.getFileSystem();
    PuffsFileSystem to = target.getFileSystem();
    PuffsFileAttributes attrs = new NodeAttributes(from, source, follow).read();
    if (from.tree() == to.tree() && new Namespace(from).isSameExistingFile(source, target)) {
      return;
    }
    prepareTarget(target, options.contains(StandardCopyOption.REPLACE_EXISTING));
    Namespace targetNames = new Namespace(to);
    if (attrs.isSymbolicLink()) {
      targetNames.createSymbolicLink(target, new Namespace(from).readSymbolicLink(source));
    } else if (attrs.isDirectory()) {
      targetNames.createDirectory(target);
    } else {
      copyData(source, target);
    }
    if (options.contains(StandardCopyOption.COPY_ATTRIBUTES) && !attrs.isSymbolicLink()) {
      copyAttributes(attrs, target);
    }
  }

  private static void prepareTarget(PuffsPath target, boolean replace) throws IOException {
    PuffsFileSystem fs = target.getFileSystem();
    boolean exists;
    try {
      new NodeAttributes(fs, target, false).read();
      exists = true;
    } catch (NoSuchFileException e) {
      exists = false;
    }
    if (!exists) {
      return;
    }
    if (!replace) {
      throw new FileAlreadyExistsException(target.toString());
    }
    try {
      new Namespace(fs).delete(target);
    } catch (DirectoryNotEmptyException e) {
      throw new DirectoryNotEmptyException(target.toString());
    }
  }

  private static void copyData(PuffsPath source, PuffsPath target) throws IOException {
    try (FileChannel in = new FileOpener(source.getFileSystem()).open(source, Set.of(StandardOpenOption.READ));
         FileChannel out = new FileOpener(target.getFileSystem()).open(target,
             Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      while (in.read(buffer) > 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        buffer.clear();
      }
    }
  }

  private static void copyAttributes(PosixFileAttributes attrs, PuffsPath target) throws IOException {
    PuffsPosixView view = new PuffsPosixView(new NodeAttributes(target.getFileSystem(), target, false));
    view.setPermissions(attrs.permissions());
    view.setTimes(attrs.lastModifiedTime(), attrs.lastAccessTime(), null);
  }
}
