package org.jpuffs.nio;

import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpuffs.api.protocol.Cookie;

/**
 * A registered directory of a {@link PuffsWatchService}: READY until an event arrives, then SIGNALLED and queued
 * once until {@link #reset()}. A repeat of the last event (same kind, same name) raises its count instead of adding
 * another, as the JDK's keys do; past {@link #MAX_EVENTS} pending events, one OVERFLOW stands for the rest.
 */
final class PuffsWatchKey implements WatchKey {

  static final int MAX_EVENTS = 512;

  private final PuffsWatchService service;
  private final PuffsPath dir;
  private final Cookie cookie;
  private volatile Set<WatchEvent.Kind<?>> kinds;
  /** The directory's names and file numbers as last seen, to tell what an invalidation changed. */
  private Map<String, Long> snapshot;
  private final List<Event> events = new ArrayList<>();
  private boolean signalled;
  private volatile boolean valid = true;

  PuffsWatchKey(PuffsWatchService service, PuffsPath dir, Cookie cookie, Set<WatchEvent.Kind<?>> kinds,
      Map<String, Long> snapshot) {
    this.service = service;
    this.dir = dir;
    this.cookie = cookie;
    this.kinds = kinds;
    this.snapshot = snapshot;
  }

  Cookie cookie() {
    return cookie;
  }

  PuffsPath dir() {
    return dir;
  }

  void kinds(Set<WatchEvent.Kind<?>> kinds) {
    this.kinds = kinds;
  }

  synchronized Map<String, Long> snapshot() {
    return Map.copyOf(snapshot);
  }

  synchronized void snapshot(Map<String, Long> snapshot) {
    this.snapshot = snapshot;
  }

  /** Records an event of {@code kind} for {@code name} if this key watches that kind. */
  void post(WatchEvent.Kind<?> kind, String name) {
    boolean queue;
    synchronized (this) {
      if (!valid) {
        return;
      }
      if (kind == StandardWatchEventKinds.ENTRY_CREATE && !snapshot.containsKey(name)) {
        Map<String, Long> updated = new HashMap<>(snapshot);
        updated.put(name, -1L);
        snapshot = updated;
      } else if (kind == StandardWatchEventKinds.ENTRY_DELETE && snapshot.containsKey(name)) {
        Map<String, Long> updated = new HashMap<>(snapshot);
        updated.remove(name);
        snapshot = updated;
      }
      if (!kinds.contains(kind)) {
        return;
      }
      Path context = dir.getFileSystem().getPath(name);
      Event last = events.isEmpty() ? null : events.get(events.size() - 1);
      if (last != null && last.anyKind() == kind && context.equals(last.context())) {
        events.set(events.size() - 1, new Event(kind, last.count() + 1, context));
      } else if (events.size() >= MAX_EVENTS) {
        if (last == null || last.anyKind() != StandardWatchEventKinds.OVERFLOW) {
          events.add(new Event(StandardWatchEventKinds.OVERFLOW, 1, null));
        }
      } else {
        events.add(new Event(kind, 1, context));
      }
      queue = !signalled;
      signalled = true;
    }
    if (queue) {
      service.signal(this);
    }
  }

  @Override
  public boolean isValid() {
    return valid && service.isOpen();
  }

  @Override
  public synchronized List<WatchEvent<?>> pollEvents() {
    List<WatchEvent<?>> out = List.copyOf(events);
    events.clear();
    return out;
  }

  @Override
  public boolean reset() {
    boolean queue;
    synchronized (this) {
      if (!isValid()) {
        return false;
      }
      queue = signalled && !events.isEmpty();
      signalled = queue;
    }
    if (queue) {
      service.signal(this);
    }
    return true;
  }

  @Override
  public void cancel() {
    valid = false;
    service.cancelled(this);
  }

  void invalidate() {
    valid = false;
  }

  @Override
  public Path watchable() {
    return dir;
  }

  /** One event; the context is the entry's name as a relative path (null for OVERFLOW). */
  record Event(WatchEvent.Kind<?> anyKind, int count, Path context) implements WatchEvent<Path> {

    /** The kind; OVERFLOW is the one kind whose context is not a path, and its context is null. */
    @Override
    @SuppressWarnings("unchecked")
    public WatchEvent.Kind<Path> kind() {
      return (WatchEvent.Kind<Path>) anyKind;
    }
  }
}
