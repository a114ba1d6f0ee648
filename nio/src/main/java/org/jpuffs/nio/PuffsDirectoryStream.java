package org.jpuffs.nio;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.VType;

/**
 * A directory's entries, read whole when the stream opens (a snapshot, as Jimfs gives; the default file system's
 * weak consistency allows it) and filtered while iterating. Not a {@code SecureDirectoryStream}: see docs/nio.md.
 */
final class PuffsDirectoryStream implements DirectoryStream<Path> {

  private final PuffsFileSystem fs;
  private final PuffsPath dir;
  private final List<DirEntry> entries;
  private final Filter<? super Path> filter;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean iterated = new AtomicBoolean();

  private PuffsDirectoryStream(PuffsFileSystem fs, PuffsPath dir, List<DirEntry> entries,
      Filter<? super Path> filter) {
    this.fs = fs;
    this.dir = dir;
    this.entries = entries;
    this.filter = filter;
  }

  static PuffsDirectoryStream open(PuffsFileSystem fs, PuffsPath dir, Filter<? super Path> filter)
      throws IOException {
    List<DirEntry> entries;
    try (NodeRef node = fs.tree().walk(dir, true)) {
      if (node.vnode().type() != VType.VDIR) {
        throw new NotDirectoryException(dir.toString());
      }
      entries = DirectoryListing.readMapped(node.vnode(), fs.cred(), fs.tree(), dir);
    }
    PuffsDirectoryStream stream = new PuffsDirectoryStream(fs, dir, entries, filter);
    fs.opened(stream);
    return stream;
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
  public void close() {
    if (closed.compareAndSet(false, true)) {
      fs.closed(this);
    }
  }
}
