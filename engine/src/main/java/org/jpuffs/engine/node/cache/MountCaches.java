package org.jpuffs.engine.node.cache;

import java.util.Objects;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.VnOpType;

/**
 * What the caches of one mount share: the settings and the clock, the puffs switches of the mount, and the
 * name-cache epoch that INVAL_NAMECACHE_ALL moves on, which turns every name entry made before it into a miss at once
 * without visiting the directories. The page memory is the engine's, shared with the other mounts.
 */
public final class MountCaches {
  private final CacheSettings settings;
  private final boolean names;
  private final boolean attributes;
  private final boolean negativeNames;
  private final boolean dotdot;
  private final boolean pages;
  private final boolean metadata;
  private volatile long nameEpoch;

  /**
   * The caches of a mount with {@code settings} and these puffs switches.
   *
   * @param names the name cache is on (no KFLAG_NOCACHE_NAME)
   * @param ttl KFLAG_CACHE_FS_TTL: attributes are cached by TTL, negative names are not
   * @param dotdot KFLAG_CACHE_DOTDOT: ".." resolves to the remembered parent
   * @param pages the page cache is on (no KFLAG_NOCACHE_PAGE, and a page fits in one message)
   * @param metadata the metadata cache is on (no KFLAG_NOFLUSH_META, and the server takes SETATTR to flush it)
   */
  public MountCaches(CacheSettings settings, boolean names, boolean ttl, boolean dotdot, boolean pages,
      boolean metadata) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.names = names && settings.namesPerDirectory() > 0;
    this.attributes = ttl;
    this.negativeNames = this.names && !ttl;
    this.dotdot = dotdot;
    this.pages = pages && settings.pageMemory().bound() >= FilePages.PAGE;
    this.metadata = metadata;
  }

  /** The caches of a mount with {@code args} (its KFLAGs and op mask say which caches are on). */
  public static MountCaches of(CacheSettings settings, MountArgs args) {
    int flags = args.flags();
    boolean pageFitsAMessage = PuffsConstants.toMove(FilePages.PAGE, args.maxmsglen()) == FilePages.PAGE;
    boolean setattr = (flags & KFlags.ALLOPS) != 0 || args.vnopmask().contains(VnOpType.SETATTR);
    return new MountCaches(settings, (flags & KFlags.NOCACHE_NAME) == 0, (flags & KFlags.CACHE_FS_TTL) != 0,
        (flags & KFlags.CACHE_DOTDOT) != 0, (flags & KFlags.NOCACHE_PAGE) == 0 && pageFitsAMessage,
        (flags & KFlags.NOFLUSH_META) == 0 && setattr);
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

  /**
   * Whether local time and size changes are kept and overlaid on attributes until an fsync or inactive flushes them
   * as one SETATTR (puffs' metadata cache, off with KFLAG_NOFLUSH_META).
   */
  public boolean cachesMetadata() {
    return metadata;
  }

  /** Now on the wall clock, in nanoseconds since the epoch. */
  public long epochNanos() {
    return settings.clock().epochNanos();
  }

  /** The engine's page memory. */
  public PageMemory pageMemory() {
    return settings.pageMemory();
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
