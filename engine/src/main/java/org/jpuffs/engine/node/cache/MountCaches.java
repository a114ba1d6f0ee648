package org.jpuffs.engine.node.cache;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.PuffsConstants;

/**
 * What the caches of one mount share: the settings and the clock, and the name-cache epoch that
 * INVAL_NAMECACHE_ALL moves on, which turns every name entry made before it into a miss at once without visiting
 * the directories.
 */
public final class MountCaches {
  private final CacheSettings settings;
  private final boolean names;
  private final boolean attributes;
  private final boolean negativeNames;
  private final boolean dotdot;
  private final boolean pages;
  private final AtomicLong pageBytes = new AtomicLong();
  /** Files holding pages, the one that filled pages longest ago first. */
  private final ConcurrentLinkedQueue<FilePages> holders = new ConcurrentLinkedQueue<>();
  private volatile long nameEpoch;

  /**
   * The caches of a mount with {@code settings} and these puffs switches.
   *
   * @param names the name cache is on (no KFLAG_NOCACHE_NAME)
   * @param ttl KFLAG_CACHE_FS_TTL: attributes are cached by TTL, negative names are not
   * @param dotdot KFLAG_CACHE_DOTDOT: ".." resolves to the remembered parent
   * @param pages the page cache is on (no KFLAG_NOCACHE_PAGE, and a page fits in one message)
   */
  public MountCaches(CacheSettings settings, boolean names, boolean ttl, boolean dotdot, boolean pages) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.names = names && settings.namesPerDirectory() > 0;
    this.attributes = ttl;
    this.negativeNames = this.names && !ttl;
    this.dotdot = dotdot;
    this.pages = pages && settings.pageCacheBytes() >= FilePages.PAGE;
  }

  /** The caches of a mount with {@code args} (its KFLAGs say which caches are on). */
  public static MountCaches of(CacheSettings settings, MountArgs args) {
    int flags = args.flags();
    boolean pageFitsAMessage = PuffsConstants.toMove(FilePages.PAGE, args.maxmsglen()) == FilePages.PAGE;
    return new MountCaches(settings, (flags & KFlags.NOCACHE_NAME) == 0, (flags & KFlags.CACHE_FS_TTL) != 0,
        (flags & KFlags.CACHE_DOTDOT) != 0, (flags & KFlags.NOCACHE_PAGE) == 0 && pageFitsAMessage);
  }

  /** Now, by the caches' clock. */
  public long now() {
    return settings.clock().nanos();
  }

  public CacheSettings settings() {
    return settings;
  }

  /** Whether lookups enter names. */
  public boolean cachesNames() {
    return names;
  }

  /** Whether a failed lookup (ENOENT) enters a negative entry: only with the name cache on and FS_TTL off. */
  public boolean cachesNegativeNames() {
    return negativeNames;
  }

  /** Whether getattr is answered from attributes with a TTL (KFLAG_CACHE_FS_TTL). */
  public boolean cachesAttributes() {
    return attributes;
  }

  /** Whether ".." is answered from the remembered parent (KFLAG_CACHE_DOTDOT). */
  public boolean cachesDotdot() {
    return dotdot;
  }

  /** Whether regular files keep pages. */
  public boolean cachesPages() {
    return pages;
  }

  /** The bytes of pages the mount's files hold now. */
  public long pageBytes() {
    return pageBytes.get();
  }

  void pageBytesChanged(long delta) {
    pageBytes.addAndGet(delta);
  }

  /** {@code file} filled pages: it goes to the back of the eviction queue (if it is not queued already). */
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
   * Makes room for {@code needed} more bytes of {@code file}'s pages by asking the files at the front of the queue
   * to drop their clean pages. Returns {@code false} if the others' pages do not make enough room.
   */
  boolean makeRoom(FilePages file, long needed) {
    long over = pageBytes.get() + needed - settings.pageCacheBytes();
    int asked = holders.size();
    while (over > 0 && asked-- > 0) {
      FilePages victim = holders.poll();
      if (victim == null) {
        break;
      }
      victim.queued.set(false);
      if (victim == file) {
        holding(victim);
        continue;
      }
      over -= (long) victim.pageCount() * FilePages.PAGE;
      victim.evict();
    }
    return over <= 0;
  }

  /** INVAL_NAMECACHE_ALL: every name entry of the mount made until now is void. */
  public void purgeAllNames() {
    synchronized (this) {
      nameEpoch++;
    }
  }

  long nameEpoch() {
    return nameEpoch;
  }
}
