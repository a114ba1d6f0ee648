package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.server.Sop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices changes made to the served directory behind the server's back and tells the engine to drop what it cached
 * ({@code puffs_inval_namecache_dir}, {@code puffs_inval_pagecache_node}), so clients of the mount see them.
 *
 * <p>Every directory the server has seen is registered with a {@link WatchService} (inotify on Linux) once an engine
 * is attached; a daemon thread turns each batch of events into FLUSH requests through the {@link Sop}: an entry
 * created or deleted invalidates the directory's name cache, a modified regular file the server has told the engine
 * about invalidates that file's page cache, and a lost-events overflow invalidates the whole name cache.
 *
 * <p>The server's own changes are not echoed back: the server notes each path it is about to change, and events for
 * that path within the self-change window are ignored. Echoes would be worse than wasted work, since a page-cache
 * invalidation discards pages the engine may have dirtied after the server's write. The price: a change from outside
 * to the same name within the window goes unnoticed (the caches stay stale until the next change). Directories the
 * server never saw, and everything past the host's inotify watch limit, are not watched.
 */
final class HostWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostWatcher.class);
  /** Self-change notes are pruned once there are this many. */
  private static final int PRUNE_AT = 4096;

  private final CookieMap cookies;
  private final long windowNanos;
  private final LongSupplier clock;
  /** The inode of every directory seen; registered (at its current path) once the watcher runs. */
  private final Set<Long> directories = ConcurrentHashMap.newKeySet();
  private final Map<WatchKey, Long> keys = new ConcurrentHashMap<>();
  private final Map<Path, Long> selfChanges = new ConcurrentHashMap<>();
  private final AtomicBoolean warnedLimit = new AtomicBoolean();
  private volatile WatchService service;
  private volatile Sop sop;
  private volatile boolean closed;

  /**
   * @param cookies where a directory's current path and a file's cookie are found
   * @param window how long the server's own change to a path hides events for it
   */
  HostWatcher(CookieMap cookies, Duration window) {
    this(cookies, window, System::nanoTime);
  }

  HostWatcher(CookieMap cookies, Duration window, LongSupplier clock) {
    this.cookies = cookies;
    this.windowNanos = window.toNanos();
    this.clock = clock;
  }

  /**
   * Starts watching (once) and sends invalidations to {@code sop} from now on; called for every attachment.
   *
   * @throws IOException if the host has no watch service left (inotify instance limit)
   */
  synchronized void start(Sop sop) throws IOException {
    this.sop = sop;
    if (service != null || closed) {
      return;
    }
    service = FileSystems.getDefault().newWatchService();
    for (Long ino : directories) {
      register(ino);
    }
    Thread thread = new Thread(this::run, "jpuffs-passthrough-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code true} once started and not closed. */
  boolean isRunning() {
    return service != null && !closed;
  }

  /** A directory the server has seen: watch it. */
  void watch(long ino) {
    if (directories.add(ino) && service != null) {
      register(ino);
    }
  }

  /** The server is about to change {@code path} itself: hide the events it causes. */
  void selfChanged(Path path) {
    if (selfChanges.size() >= PRUNE_AT) {
      long now = clock.getAsLong();
      selfChanges.values().removeIf(deadline -> deadline - now < 0);
    }
    selfChanges.put(path, clock.getAsLong() + windowNanos);
  }

  /** {@code true} if the server changed {@code path} itself within the window. */
  boolean isSelfChange(Path path) {
    Long deadline = selfChanges.get(path);
    return deadline != null && deadline - clock.getAsLong() > 0;
  }

  @Override
  public void close() {
    closed = true;
    WatchService s = service;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        log.debug("closing the watch service failed", e);
      }
    }
  }

  private void register(long ino) {
    Path dir = cookies.pathsOf(Cookie.of(ino)).stream().findFirst().orElse(null);
    if (dir == null) {
      return;
    }
    try {
      WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      keys.put(key, ino);
    } catch (ClosedWatchServiceException | NoSuchFileException e) {
      // Closing, or the directory is gone: nothing to watch.
    } catch (IOException e) {
      if (warnedLimit.compareAndSet(false, true)) {
        log.warn("cannot watch {} ({}); changes behind the server's back there go unnoticed", dir, e.getMessage());
      }
    }
  }

  private void run() {
    while (!closed) {
      WatchKey key;
      try {
        key = service.take();
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      }
      try {
        handle(key, key.pollEvents());
      } catch (RuntimeException e) {
        log.warn("handling watch events failed", e);
      }
      if (!key.reset()) {
        keys.remove(key);
      }
    }
  }

  private void handle(WatchKey key, List<WatchEvent<?>> events) {
    Long dirIno = keys.get(key);
    Sop target = sop;
    if (dirIno == null || target == null) {
      return;
    }
    Cookie dirCookie = Cookie.of(dirIno);
    Path dir = cookies.pathsOf(dirCookie).stream().findFirst().orElse((Path) key.watchable());
    boolean entriesChanged = false;
    Set<Cookie> modified = new HashSet<>();
    for (WatchEvent<?> event : events) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        send(target.invalNamecacheAll(), "the whole name cache");
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      if (isSelfChange(child)) {
        continue;
      }
      if (event.kind() == StandardWatchEventKinds.ENTRY_MODIFY) {
        fileCookie(child).ifPresent(modified::add);
      } else {
        entriesChanged = true;
      }
    }
    if (entriesChanged) {
      send(target.invalNamecacheDir(dirCookie), "names of " + dir);
    }
    for (Cookie file : modified) {
      send(target.invalPagecacheNode(file), "pages of " + file);
    }
  }

  /** The cookie of {@code path} if it is a regular file the engine may have cached. */
  private Optional<Cookie> fileCookie(Path path) {
    try {
      HostAttributes attrs = HostAttributes.read(path);
      return attrs.isRegular() && cookies.knows(attrs.cookie())
          ? Optional.of(attrs.cookie()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void send(CompletionStage<Void> request, String what) {
    request.whenComplete((ok, failure) -> {
      if (failure != null) {
        // ENOENT: the engine has no such node cached, which is fine.
        log.debug("invalidating {} failed: {}", what, failure.getMessage());
      }
    });
  }
}
