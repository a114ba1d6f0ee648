package org.jpuffs.nio;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.NotDirectoryException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.FlushOp;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.engine.sop.Invalidation;

/**
 * A watch service fed, without polling, by the file system's {@link ChangeFeed}: the provider's own operations post
 * events directly; the server's invalidations (changes made behind its back, e.g. on a passthrough's host directory)
 * make the watched directories they touch re-read once, and the difference from what was seen becomes CREATE and
 * DELETE events; a page-cache invalidation of an entry of a watched directory is a MODIFY. Directory re-reads run on
 * this service's own thread, never on the sop thread that delivered the invalidation.
 *
 * <p>Invalidations name nodes by cookie; an entry is matched to a cookie by its file number, which is the cookie
 * for memfs and passthrough (both use the inode number), so MODIFY of other servers' entries may go unreported.
 */
final class PuffsWatchService implements WatchService, ChangeFeed.Subscriber {

  /** Wakes takers blocked at close. */
  private static final WatchKey CLOSED = new PuffsWatchKey(null, null, Cookie.NONE, Set.of(), Map.of());

  private final PuffsFileSystem fs;
  private final LinkedBlockingDeque<WatchKey> ready = new LinkedBlockingDeque<>();
  private final Map<Cookie, PuffsWatchKey> keys = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ExecutorService rescans;

  PuffsWatchService(PuffsFileSystem fs) {
    this.fs = fs;
    this.rescans = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "puffs-watch-" + fs.name());
      thread.setDaemon(true);
      return thread;
    });
    fs.changes().subscribe(this);
  }

  PuffsFileSystem fileSystem() {
    return fs;
  }

  boolean isOpen() {
    return !closed.get();
  }

  /** Registers {@code dir} (its node, so a renamed directory stays watched) for {@code events}. */
  WatchKey register(PuffsPath dir, WatchEvent.Kind<?>[] events) throws IOException {
    ensureOpen();
    Set<WatchEvent.Kind<?>> kinds = new HashSet<>();
    for (WatchEvent.Kind<?> kind : events) {
      if (kind == StandardWatchEventKinds.ENTRY_CREATE || kind == StandardWatchEventKinds.ENTRY_DELETE
          || kind == StandardWatchEventKinds.ENTRY_MODIFY) {
        kinds.add(kind);
      } else if (kind != StandardWatchEventKinds.OVERFLOW) {
        throw new UnsupportedOperationException("event kind " + kind.name());
      }
    }
    try (NodeRef node = fs.tree().walk(dir, true)) {
      if (node.vnode().type() != VType.VDIR) {
        throw new NotDirectoryException(dir.toString());
      }
      Cookie cookie = node.vnode().cookie();
      PuffsWatchKey existing = keys.get(cookie);
      if (existing != null && existing.isValid()) {
        existing.kinds(Set.copyOf(kinds));
        return existing;
      }
      Map<String, Long> snapshot = names(DirectoryListing.readMapped(node.vnode(), fs.cred(), fs.tree(), dir));
      PuffsWatchKey key = new PuffsWatchKey(this, dir, cookie, Set.copyOf(kinds), snapshot);
      keys.put(cookie, key);
      return key;
    }
  }

  @Override
  public void changed(ChangeFeed.Change change) {
    PuffsWatchKey key = keys.get(change.dir());
    if (key != null) {
      key.post(change.kind(), change.name());
    }
  }

  @Override
  public void invalidated(Invalidation invalidation) {
    if (closed.get()) {
      return;
    }
    FlushOp op = invalidation.op();
    long node = invalidation.cookie().value();
    for (PuffsWatchKey key : keys.values()) {
      if (op == FlushOp.INVAL_NAMECACHE_ALL || key.cookie().equals(invalidation.cookie())
          || (op == FlushOp.INVAL_NAMECACHE_NODE && key.snapshot().containsValue(node))) {
        scheduleRescan(key);
      } else if (op == FlushOp.INVAL_PAGECACHE_NODE_RANGE) {
        key.snapshot().forEach((name, fileno) -> {
          if (fileno == node) {
            key.post(StandardWatchEventKinds.ENTRY_MODIFY, name);
          }
        });
      }
    }
  }

  /** Schedules a re-read of {@code key}'s directory; a service closing meanwhile drops it. */
  private void scheduleRescan(PuffsWatchKey key) {
    try {
      rescans.execute(() -> rescan(key));
    } catch (RejectedExecutionException closing) {
      // closed between the check and here: nobody waits for events of this service any more
    }
  }

  /** Re-reads a watched directory and posts what changed since it was last seen. */
  private void rescan(PuffsWatchKey key) {
    if (!key.isValid()) {
      return;
    }
    Map<String, Long> now;
    try (NodeRef node = fs.tree().walk(key.dir(), true)) {
      if (!node.vnode().cookie().equals(key.cookie())) {
        return; // the path names another directory now; the watched one was moved or removed
      }
      now = names(DirectoryListing.readMapped(node.vnode(), fs.cred(), fs.tree(), key.dir()));
    } catch (IOException | RuntimeException e) {
      return; // gone or unreadable: nothing to diff against
    }
    Map<String, Long> before = key.snapshot();
    key.snapshot(now);
    before.forEach((name, fileno) -> {
      if (!now.containsKey(name)) {
        key.post(StandardWatchEventKinds.ENTRY_DELETE, name);
      }
    });
    now.forEach((name, fileno) -> {
      Long old = before.get(name);
      if (old == null) {
        key.post(StandardWatchEventKinds.ENTRY_CREATE, name);
      } else if (old != -1L && !old.equals(fileno)) {
        key.post(StandardWatchEventKinds.ENTRY_DELETE, name);
        key.post(StandardWatchEventKinds.ENTRY_CREATE, name);
      }
    });
  }

  private static Map<String, Long> names(List<DirEntry> entries) {
    Map<String, Long> names = new HashMap<>();
    for (DirEntry entry : entries) {
      names.put(entry.name(), entry.fileno());
    }
    return names;
  }

  void signal(PuffsWatchKey key) {
    if (!closed.get()) {
      ready.add(key);
    }
  }

  void cancelled(PuffsWatchKey key) {
    keys.remove(key.cookie(), key);
  }

  @Override
  public WatchKey poll() {
    ensureOpen();
    return checked(ready.poll());
  }

  @Override
  public WatchKey poll(long timeout, TimeUnit unit) throws InterruptedException {
    ensureOpen();
    return checked(ready.poll(timeout, unit));
  }

  @Override
  public WatchKey take() throws InterruptedException {
    ensureOpen();
    return checked(ready.take());
  }

  private WatchKey checked(WatchKey key) {
    if (key == CLOSED) {
      ready.add(CLOSED); // for the next waiter
      throw new ClosedWatchServiceException();
    }
    return key;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new ClosedWatchServiceException();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    fs.changes().unsubscribe(this);
    fs.closed(this);
    keys.values().forEach(PuffsWatchKey::invalidate);
    keys.clear();
    rescans.shutdownNow();
    ready.clear();
    ready.add(CLOSED);
  }
}
