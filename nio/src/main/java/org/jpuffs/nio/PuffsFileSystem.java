package org.jpuffs.nio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.Vnode;
import org.jpuffs.engine.sop.InvalidationListener;

/**
 * One puffs mount as a {@link FileSystem}. It holds the root vnode for its whole life and walks every path from it
 * ({@link VnodeTree}); every call is made with one credential, {@link #cred()}, chosen when the file system was made.
 *
 * <p>{@link #close()} closes every channel, directory stream and watch service still open, gives the root back and
 * unmounts (forced if the server or a leaked reference keeps it busy), then runs what the creator asked to run on
 * close (stopping a server it spawned). Afterwards every operation throws {@link ClosedFileSystemException}.
 */
public final class PuffsFileSystem extends FileSystem {

  private final PuffsFileSystemProvider provider;
  private final Mount mount;
  private final Vnode rootNode;
  private final VnodeTree tree;
  private final long timeoutMillis;
  private final Runnable onClose;
  private final PuffsPath root;
  private final PuffsFileStore store;
  private final ChangeFeed changes = new ChangeFeed();
  private final InvalidationListener invalidations = changes::invalidated;
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
  private final ByteRangeLocks locks = new ByteRangeLocks();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set when close had to force the unmount: a vnode reference was still held (a leak, if it was ours). */
  private volatile boolean unmountForced;

  PuffsFileSystem(PuffsFileSystemProvider provider, Mount mount, Cred cred, long timeoutMillis, Runnable onClose)
      throws IOException {
    this.provider = provider;
    this.mount = mount;
    this.timeoutMillis = timeoutMillis;
    this.onClose = onClose;
    try {
      this.rootNode = Errnos.await(() -> mount.root(), timeoutMillis);
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), "puffs:/" + mount.name());
    }
    this.tree = new VnodeTree(rootNode, cred, timeoutMillis);
    this.root = new PuffsPath(this, true, List.of());
    this.store = new PuffsFileStore(this);
    mount.addInvalidationListener(invalidations);
  }

  /** The mount's name: the first segment of this file system's URIs. */
  public String name() {
    return mount.name();
  }

  /** The mount under this file system. */
  public Mount mount() {
    return mount;
  }

  /** The credentials every operation of this file system is made with. */
  public Cred cred() {
    return tree.cred();
  }

  PuffsPath root() {
    return root;
  }

  VnodeTree tree() {
    return tree;
  }

  ChangeFeed changes() {
    return changes;
  }

  ByteRangeLocks locks() {
    return locks;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  PuffsFileStore store() {
    return store;
  }

  @Override
  public PuffsFileSystemProvider provider() {
    return provider;
  }

  /** Unmounts; see the class comment. Closing twice does nothing. */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    provider.forget(this);
    IOException first = null;
    for (Closeable resource : List.copyOf(open)) {
      try {
        resource.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    mount.removeInvalidationListener(invalidations);
    rootNode.release();
    try {
      unmount();
    } catch (IOException e) {
      first = first == null ? e : first;
    } finally {
      onClose.run();
    }
    if (first != null) {
      throw first;
    }
  }

  private void unmount() throws IOException {
    try {
      Errnos.await(() -> mount.unmount(0), timeoutMillis);
    } catch (PuffsException e) {
      if (!e.errno().equals(Errno.EBUSY)) {
        throw Errnos.toException(e.errno(), "puffs:/" + name());
      }
      // Someone else still holds a vnode of the mount (a Vnode handed out by the engine directly); closing the file
      // system means unmounting, so force it, as umount -f would.
      unmountForced = true;
      try {
        Errnos.await(() -> mount.unmount(MountFlags.MNT_FORCE), timeoutMillis);
      } catch (PuffsException forced) {
        throw Errnos.toException(forced.errno(), "puffs:/" + name());
      }
    }
  }

  /** {@code true} if {@link #close()} found the mount busy and forced the unmount. */
  boolean unmountForced() {
    return unmountForced;
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  /** @throws ClosedFileSystemException once closed */
  void checkOpen() {
    if (closed.get()) {
      throw new ClosedFileSystemException();
    }
  }

  /** Registers a channel, stream or watch service to close with the file system. */
  void opened(Closeable resource) {
    open.add(resource);
    if (closed.get()) {
      // Lost the race with close(): close it ourselves rather than leak it.
      try {
        resource.close();
      } catch (IOException e) {
        // the file system is gone; nothing to report to
      }
      throw new ClosedFileSystemException();
    }
  }

  /** Forgets a resource that closed itself. */
  void closed(Closeable resource) {
    open.remove(resource);
  }

  /** {@code true} if the mount was made with {@code MNT_RDONLY}; the server may refuse writes for reasons of its own. */
  @Override
  public boolean isReadOnly() {
    return (mount.request().mountFlags() & MountFlags.MNT_RDONLY) != 0;
  }

  @Override
  public String getSeparator() {
    return "/";
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    checkOpen();
    return List.of(root);
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    checkOpen();
    return List.of(store);
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return AttributeViews.NAMES;
  }

  @Override
  public PuffsPath getPath(String first, String... more) {
    Objects.requireNonNull(first, "first");
    return PuffsPath.parse(this, first, more);
  }

  /**
   * The JDK's own glob and regex matching, applied to the path's string: puffs paths are Unix paths, which is exactly
   * what the default file system matches on Unix. Keeps one implementation of glob syntax instead of two.
   */
  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher matcher = java.nio.file.FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
    return path -> path instanceof PuffsPath && matcher.matches(java.nio.file.Path.of(path.toString()));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return Principals.LOOKUP;
  }

  @Override
  public WatchService newWatchService() throws IOException {
    checkOpen();
    PuffsWatchService service = new PuffsWatchService(this);
    opened(service);
    return service;
  }

  @Override
  public String toString() {
    return "puffs:/" + name();
  }
}
