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
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>The server's own changes are not echoed back. Echoes would be worse than wasted work: a page-cache invalidation
 * discards pages the engine may have dirtied after the server's write. So every change the server makes is wrapped in
 * an {@link OwnChange} naming the paths it touches (the file for data and attribute changes, the directory for entry
 * changes). While it runs, events for those paths are ignored; when it ends, each path's ctime is recorded. An event
 * is the server's own echo if its path's ctime is still the recorded one; anyone else's change since moved the ctime
 * on, so it is passed on. Only a change from outside that lands while the server's own change to the same path is in
 * progress, or within the host's timestamp granularity after it, can go unnoticed. Directories the server never looked
 * up, and everything past the host's inotify watch limit, are not watched.
 */
final class HostWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostWatcher.class);
  /** How many recorded ctimes of the server's own changes are kept (the least recently changed go first). */
  private static final int REMEMBERED = 8192;

  private final CookieMap cookies;
  /** The inode of every directory seen; registered (at its current path) once the watcher runs. */
  private final Set<Long> directories = ConcurrentHashMap.newKeySet();
  private final Map<WatchKey, Long> keys = new ConcurrentHashMap<>();
  /** Paths the server is changing right now, with how many of its changes are in progress on each. */
  private final Map<Path, Integer> inProgress = new ConcurrentHashMap<>();
  /** The ctime each path had right after the server's last own change to it. */
  private final Map<Path, FileTime> ownCtimes = Collections.synchronizedMap(
      new LinkedHashMap<Path, FileTime>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileTime> eldest) {
          return size() > REMEMBERED;
        }
      });
  private final AtomicBoolean warnedLimit = new AtomicBoolean();
  private volatile WatchService service;
  private volatile Sop sop;
  private volatile boolean closed;

  /**
   * @param cookies where a directory's current path and a file's cookie are found
   */
  HostWatcher(CookieMap cookies) {
    this.cookies = cookies;
  }

  /**
   * One change the server makes itself, around the host calls that make it. Closing it records the ctimes the
   * change left.
   */
  final class OwnChange implements AutoCloseable {
    private final List<Path> paths;

    private OwnChange(List<Path> paths) {
      this.paths = paths;
      for (Path p : paths) {
        inProgress.merge(p, 1, Integer::sum);
      }
    }

    @Override
    public void close() {
      for (Path p : paths) {
        ownCtimes.put(p, ctimeOf(p));
        inProgress.computeIfPresent(p, (k, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /** The server is about to change {@code paths} itself: hide the events that causes. */
  OwnChange change(Path... paths) {
    return new OwnChange(isRunning() ? List.of(paths) : List.of());
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
    for (Long dir : directories) {
      register(dir);
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
  void watch(Cookie dir) {
    if (directories.add(dir.value()) && service != null) {
      register(dir.value());
    }
  }

  /**
   * {@code true} if an event for {@code path} is the echo of the server's own change: one is in progress, or the
   * path's ctime is still the one the server's last change left.
   */
  boolean isOwnEcho(Path path) {
    if (inProgress.containsKey(path)) {
      return true;
    }
    FileTime own = ownCtimes.get(path);
    return own != null && own.equals(ctimeOf(path));
  }

  /** The ctime of {@code path}, or {@link #GONE} if it does not exist. */
  private static FileTime ctimeOf(Path path) {
    try {
      return HostAttributes.read(path).ctime();
    } catch (IOException e) {
      return GONE;
    }
  }

  /** The "ctime" of a path that does not exist. */
  private static final FileTime GONE = FileTime.fromMillis(Long.MIN_VALUE);

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

  private void register(long dir) {
    Path path = cookies.pathsOf(Cookie.of(dir)).stream().findFirst().orElse(null);
    if (path == null) {
      return;
    }
    try {
      WatchKey key = path.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      keys.put(key, dir);
    } catch (ClosedWatchServiceException | NoSuchFileException e) {
      // Closing, or the directory is gone: nothing to watch.
    } catch (IOException e) {
      if (warnedLimit.compareAndSet(false, true)) {
        log.warn("cannot watch {} ({}); changes behind the server's back there go unnoticed", path, e.getMessage());
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
      if (event.kind() == StandardWatchEventKinds.ENTRY_MODIFY) {
        if (!isOwnEcho(child)) {
          fileCookie(child).ifPresent(modified::add);
        }
      } else if (!isOwnEcho(dir)) {
        // Entries come and go in the directory: its ctime tells whose change it was.
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
