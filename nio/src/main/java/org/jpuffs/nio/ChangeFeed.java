package org.jpuffs.nio;

import java.nio.file.WatchEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.engine.sop.Invalidation;

/**
 * The changes a file system hears about, for its watch services: its own namespace and data changes (published by
 * the operations as they succeed) and the invalidations the mount's server sends for changes made behind its back.
 */
final class ChangeFeed {

  /** One change: {@code kind} of entry {@code name} in directory {@code dir}. */
  record Change(Cookie dir, WatchEvent.Kind<?> kind, String name) {}

  /** Hears the feed. Called on the changing thread (own changes) or the sop thread (invalidations): no blocking. */
  interface Subscriber {
    void changed(Change change);

    void invalidated(Invalidation invalidation);
  }

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  void subscribe(Subscriber subscriber) {
    subscribers.add(subscriber);
  }

  void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  /** An operation of this file system changed {@code name} in {@code dir}. */
  void publish(Cookie dir, WatchEvent.Kind<?> kind, String name) {
    if (subscribers.isEmpty()) {
      return;
    }
    Change change = new Change(dir, kind, name);
    for (Subscriber subscriber : subscribers) {
      subscriber.changed(change);
    }
  }

  /** The mount's server invalidated something. */
  void invalidated(Invalidation invalidation) {
    for (Subscriber subscriber : subscribers) {
      subscriber.invalidated(invalidation);
    }
  }
}
