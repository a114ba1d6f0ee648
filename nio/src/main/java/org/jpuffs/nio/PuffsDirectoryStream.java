package org.jpuffs.nio;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.VType;

/**
 * A directory's entries, read whole when the stream opens (a snapshot, as Jimfs gives; the API's weak consistency
 * allows it) and filtered while iterating.
 *
 * <p>It is a {@link SecureDirectoryStream}: it holds the directory's vnode until closed, and relative paths given to
 * its methods are walked from that vnode, not from a path, so they reach the same directory even after it was moved
 * or its path's symlinks changed (as {@code openat(2)} does for the default file system on Linux).
 */
final class PuffsDirectoryStream implements SecureDirectoryStream<Path> {

  private final PuffsFileSystem fs;
  private final PuffsPath dir;
  private final NodeRef node;
  private final VnodeTree tree;
  private final List<DirEntry> entries;
  private final Filter<? super Path> filter;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean iterated = new AtomicBoolean();

  private PuffsDirectoryStream(PuffsFileSystem fs, PuffsPath dir, NodeRef node, List<DirEntry> entries,
      Filter<? super Path> filter) {
    this.fs = fs;
    this.dir = dir;
    this.node = node;
    this.tree = fs.tree().from(node.vnode());
    this.entries = entries;
    this.filter = filter;
  }

  /** The stream of {@code dir}, walked in {@code tree}; the directory's reference goes with the stream. */
  static PuffsDirectoryStream open(PuffsFileSystem fs, VnodeTree tree, PuffsPath dir, boolean follow,
      Filter<? super Path> filter) throws IOException {
    NodeRef node = tree.walk(dir, follow);
    boolean ok = false;
    try {
      if (node.vnode().type() != VType.VDIR) {
        throw new NotDirectoryException(dir.toString());
      }
      List<DirEntry> entries = DirectoryListing.readMapped(node.vnode(), fs.cred(), tree, dir);
      PuffsDirectoryStream stream = new PuffsDirectoryStream(fs, dir, node, entries, filter);
      fs.opened(stream);
      ok = true;
      return stream;
    } finally {
      if (!ok) {
        node.close();
      }
    }
  }

  @Override
  public Iterator<Path> iterator() {
    if (closed.get()) {
      throw new IllegalStateException("directory stream closed");
    }
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("iterator already obtained");
    }
    return new Iterator<>() {
      private int at;
      private Path next;

      @Override
      public boolean hasNext() {
        while (next == null && !closed.get() && at < entries.size()) {
          Path candidate = dir.resolve(entries.get(at++).name());
          try {
            if (filter == null || filter.accept(candidate)) {
              next = candidate;
            }
          } catch (IOException e) {
            throw new DirectoryIteratorException(e);
          }
        }
        return next != null;
      }

      @Override
      public Path next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Path out = next;
        next = null;
        return out;
      }
    };
  }

  @Override
  public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
    return open(fs, tree, check(path), LinkOptions.follow((Object[]) options), null);
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    return new FileOpener(fs, tree).open(check(path), options, attrs);
  }

  @Override
  public void deleteFile(Path path) throws IOException {
    new Namespace(fs, tree).delete(check(path), Namespace.Kind.FILE);
  }

  @Override
  public void deleteDirectory(Path path) throws IOException {
    new Namespace(fs, tree).delete(check(path), Namespace.Kind.DIRECTORY);
  }

  /** RENAME of {@code source} (relative to this directory) to {@code target} relative to {@code targetDir}. */
  @Override
  public void move(Path source, SecureDirectoryStream<Path> targetDir, Path target) throws IOException {
    if (!(targetDir instanceof PuffsDirectoryStream other) || other.fs != fs) {
      throw new ProviderMismatchException("not a directory stream of " + fs);
    }
    other.check(target);
    new Namespace(fs, tree).move(check(source), other.tree, (PuffsPath) target, Set.of());
  }

  /** A view of this stream's directory itself. */
  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
    ensureOpen();
    return AttributeViews.view(type, new NodeAttributes(fs, tree, new PuffsPath(fs, false, List.of()), true));
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    return AttributeViews.view(type, new NodeAttributes(fs, tree, check(path), LinkOptions.follow((Object[]) options)));
  }

  private PuffsPath check(Path path) {
    ensureOpen();
    return PuffsFileSystemProvider.toPuffs(path);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new ClosedDirectoryStreamException();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      fs.closed(this);
      node.close();
    }
  }
}
