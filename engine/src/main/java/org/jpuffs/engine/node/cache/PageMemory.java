package org.jpuffs.engine.node.cache;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory one engine gives to file pages, shared by every file of every mount ({@code jpuffs.engine.caches.
 * page-memory}). Making room takes clean pages first, from the files that started holding pages longest ago, the
 * asking file's own last; clean pages are dropped by whatever thread needs the room (a dropped page is a later
 * read miss, never lost data), so the bound holds for clean pages at once. Dirty pages are never dropped: when
 * only they are left, the files holding them are asked to push them (they become clean, and droppable), which is
 * how the bound is kept without losing a byte.
 */
public final class PageMemory {
  private final long bound;
  private final AtomicLong used = new AtomicLong();
  /** Files holding pages, the one that started holding longest ago first. */
  private final ConcurrentLinkedQueue<FilePages> holders = new ConcurrentLinkedQueue<>();

  /**
   * The page memory of one engine.
   *
   * @param bound the most bytes of pages, at least one page for the page cache to be of use
   * @throws IllegalArgumentException if {@code bound} is negative
   */
  public PageMemory(long bound) {
    if (bound < 0) {
      throw new IllegalArgumentException("page-memory must not be negative, not " + bound);
    }
    this.bound = bound;
  }

  /** The most bytes of pages the engine keeps. */
  public long bound() {
    return bound;
  }

  /** The bytes of pages held now, over every mount. */
  public long used() {
    return used.get();
  }

  /** {@code true} while more than the bound is held (only dirty pages can put it there). */
  public boolean isOver() {
    return used.get() > bound;
  }

  void changed(long delta) {
    used.addAndGet(delta);
  }

  /** {@code file} holds pages: it joins the back of the queue if it is not in it. */
  void holding(FilePages file) {
    if (file.queued.compareAndSet(false, true)) {
      holders.add(file);
    }
  }

  /** {@code file} holds no pages any more (off, or its node is gone). */
  void forget(FilePages file) {
    if (file.queued.compareAndSet(true, false)) {
      holders.remove(file);
    }
  }

  /**
   * Makes room for {@code needed} more bytes of {@code file}'s pages by dropping clean pages, the other files' first
   * (longest holding first), then {@code file}'s own. Returns {@code false} if what is left is dirty.
   */
  boolean reserve(FilePages file, long needed) {
    int visits = holders.size();
    while (used.get() + needed > bound && visits-- > 0) {
      FilePages victim = holders.poll();
      if (victim == null) {
        break;
      }
      victim.queued.set(false);
      if (victim != file) {
        victim.dropClean(used.get() + needed - bound);
      }
      if (victim.pageCount() > 0) {
        holding(victim);
      }
    }
    long over = used.get() + needed - bound;
    if (over > 0) {
      file.dropClean(over);
    }
    return used.get() + needed <= bound;
  }

  /** Over the bound with only dirty pages left: every file holding dirty pages (but {@code except}) pushes them. */
  public void relieve(FilePages except) {
    for (FilePages file : holders) {
      if (file != except && file.hasDirty()) {
        file.askToPush();
      }
    }
  }
}
