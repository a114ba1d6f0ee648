package org.jpuffs.api.protocol;

import java.util.ArrayList;
import java.util.List;

/** The {@code PUFFS_KFLAG_*} bits of the mount arguments (PUFFSVERSION 30). */
public final class KFlags {
  private KFlags() {}

  /** No name cache. */
  public static final int NOCACHE_NAME = 0x001;
  /** No page cache. */
  public static final int NOCACHE_PAGE = 0x002;
  /** Neither cache. */
  public static final int NOCACHE = NOCACHE_NAME | NOCACHE_PAGE;
  /** Ignore the op mask: send every op. */
  public static final int ALLOPS = 0x004;
  /** Write-through page cache. */
  public static final int WTCACHE = 0x008;
  /** Send INACTIVE only when the server asked for it with a setback. */
  public static final int IAONDEMAND = 0x010;
  /** Send the rest of the path in LOOKUP. */
  public static final int LOOKUP_FULLPNBUF = 0x020;
  /** "No attribute cache (unused)": defined by NetBSD, but not part of {@link #MASK}. */
  public static final int NOCACHE_ATTR = 0x040;
  /** Use the TTLs the server gives for attributes and names. */
  public static final int CACHE_FS_TTL = 0x080;
  /** Answer ".." lookups from the node's remembered parent. */
  public static final int CACHE_DOTDOT = 0x100;
  /** Do not flush the metadata cache; size changes go to the server at once. */
  public static final int NOFLUSH_META = 0x200;
  /** Every bit a mount may set. */
  public static final int MASK = 0x3bf;

  private static final int[] BITS = {
    NOCACHE_NAME, NOCACHE_PAGE, ALLOPS, WTCACHE, IAONDEMAND, LOOKUP_FULLPNBUF, NOCACHE_ATTR, CACHE_FS_TTL,
    CACHE_DOTDOT, NOFLUSH_META
  };
  private static final String[] NAMES = {
    "NOCACHE_NAME", "NOCACHE_PAGE", "ALLOPS", "WTCACHE", "IAONDEMAND", "LOOKUP_FULLPNBUF", "NOCACHE_ATTR",
    "CACHE_FS_TTL", "CACHE_DOTDOT", "NOFLUSH_META"
  };

  /** The names of the bits set in {@code flags}; unknown bits appear as hex. */
  public static List<String> names(int flags) {
    List<String> names = new ArrayList<>();
    int rest = flags;
    for (int i = 0; i < BITS.length; i++) {
      if ((flags & BITS[i]) != 0) {
        names.add(NAMES[i]);
        rest &= ~BITS[i];
      }
    }
    if (rest != 0) {
      names.add("0x" + Integer.toHexString(rest));
    }
    return names;
  }
}
