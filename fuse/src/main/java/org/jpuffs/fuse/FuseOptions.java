package org.jpuffs.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jpuffs.api.protocol.KFlags;

/**
 * The options of a FUSE mount, as {@code -o} gives them: FUSE's own (what the kernel and the bridge do) and puffs'
 * cache flags (KFLAGs the engine applies). Unknown options are an error, never ignored.
 *
 * @param allowOther let users other than the mounter in ({@code allow_other})
 * @param defaultPermissions the kernel checks permissions from the attributes ({@code default_permissions}, on
 *     unless {@code no_default_permissions})
 * @param readOnly mount read-only ({@code ro})
 * @param fsname the source {@code /proc/mounts} shows
 * @param subtype the type {@code fuse.SUBTYPE}
 * @param entryTimeoutNanos how long the kernel may cache a name ({@code entry_timeout=SECONDS})
 * @param attrTimeoutNanos how long the kernel may cache attributes ({@code attr_timeout=SECONDS})
 * @param readers reader threads on /dev/fuse ({@code readers=N})
 * @param kflags puffs KFLAGs to add to the server's ({@code nocache}, {@code wtcache}, …)
 * @param locks who keeps the POSIX record locks of processes using the mount ({@code locks=engine|kernel})
 */
public record FuseOptions(boolean allowOther, boolean defaultPermissions, boolean readOnly, String fsname,
    String subtype, long entryTimeoutNanos, long attrTimeoutNanos, int readers, int kflags, Locks locks) {

  /**
   * Where {@code fcntl} record locks live. puffs leaves the choice to the server (a server without ADVLOCK gets the
   * kernel's local locks, {@code lf_advlock}); FUSE leaves it to the mount (FUSE_POSIX_LOCKS).
   */
  public enum Locks {
    /**
     * In the engine, through ADVLOCK (GETLK, SETLK, SETLKW): every client of the jpuffs mount sees them (a
     * {@code java.nio.file} client in the same JVM, and through a passthrough server the host's own processes), at
     * the cost of a FLUSH round trip at every close(2), which is how the kernel drops the closing process's locks.
     */
    ENGINE,
    /**
     * In the kernel, which then keeps them itself and sends none of those requests: POSIX to the letter for the
     * processes using the mount (dropped at close and exit, EDEADLK, open file description locks), held across a
     * server restart, and no FLUSH at all; invisible to clients that reach the jpuffs mount another way.
     */
    KERNEL
  }

  /**
   * Defaults: default_permissions, 1 s kernel caches (as libfuse), {@link #defaultReaders} readers, locks in the
   * engine.
   */
  public static final FuseOptions DEFAULT = new FuseOptions(false, true, false, "jpuffs", "jpuffs", 1_000_000_000L,
      1_000_000_000L, defaultReaders(Runtime.getRuntime().availableProcessors()), 0, Locks.ENGINE);

  private static final Map<String, Integer> PUFFS_FLAGS = Map.of(
      "nocache", KFlags.NOCACHE, "nocache_name", KFlags.NOCACHE_NAME, "nocache_page", KFlags.NOCACHE_PAGE,
      "nocache_attr", KFlags.NOCACHE_ATTR, "wtcache", KFlags.WTCACHE, "cache_fs_ttl", KFlags.CACHE_FS_TTL,
      "allops", KFlags.ALLOPS, "iaondemand", KFlags.IAONDEMAND, "cache_dotdot", KFlags.CACHE_DOTDOT,
      "noflush_meta", KFlags.NOFLUSH_META);

  public FuseOptions {
    Objects.requireNonNull(locks, "locks");
    if (readers < 1 || readers > 64) {
      throw new IllegalArgumentException("readers=" + readers + " is not between 1 and 64");
    }
    if (entryTimeoutNanos < 0 || attrTimeoutNanos < 0) {
      throw new IllegalArgumentException("negative cache timeout");
    }
  }

  /**
   * Reader threads unless {@code readers=N} says otherwise: one on a machine of one or two CPUs, two above that.
   * A reader runs the whole request it read and never waits (architecture.md, "Threads"), so one reader serves
   * several clients; and on two CPUs, side by side, one reader made creates and unlinks about 30 % faster than two,
   * with one client and with four (performance.md, "Session 18"; likely, not measured, because each request then
   * wakes the same thread rather than whichever of two has slept longer).
   */
  static int defaultReaders(int cpus) {
    return cpus <= 2 ? 1 : 2;
  }

  /**
   * Parses a comma-separated {@code -o} list on top of {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException naming an unknown option or a bad value
   */
  public static FuseOptions parse(String list) {
    FuseOptions o = DEFAULT;
    if (list == null || list.isBlank()) {
      return o;
    }
    for (String item : list.split(",")) {
      String option = item.trim();
      if (!option.isEmpty()) {
        o = o.with(option);
      }
    }
    return o;
  }

  private FuseOptions with(String option) {
    int eq = option.indexOf('=');
    String key = eq < 0 ? option : option.substring(0, eq);
    String value = eq < 0 ? null : option.substring(eq + 1);
    if (PUFFS_FLAGS.containsKey(key) && value == null) {
      int flags = kflags | PUFFS_FLAGS.get(key);
      // Without the engine's caches the kernel must not cache either, or it would hide what the flag asks for.
      boolean names = (flags & KFlags.NOCACHE_NAME) != 0;
      boolean attrs = (flags & (KFlags.NOCACHE_ATTR | KFlags.NOCACHE_PAGE)) != 0;
      return new FuseOptions(allowOther, defaultPermissions, readOnly, fsname, subtype,
          names ? 0 : entryTimeoutNanos, attrs ? 0 : attrTimeoutNanos, readers, flags, locks);
    }
    switch (key) {
      case "allow_other":
        return flag(value, key, new FuseOptions(true, defaultPermissions, readOnly, fsname, subtype,
            entryTimeoutNanos, attrTimeoutNanos, readers, kflags, locks));
      case "default_permissions":
        return flag(value, key, new FuseOptions(allowOther, true, readOnly, fsname, subtype, entryTimeoutNanos,
            attrTimeoutNanos, readers, kflags, locks));
      case "no_default_permissions":
        return flag(value, key, new FuseOptions(allowOther, false, readOnly, fsname, subtype, entryTimeoutNanos,
            attrTimeoutNanos, readers, kflags, locks));
      case "ro":
        return flag(value, key, new FuseOptions(allowOther, defaultPermissions, true, fsname, subtype,
            entryTimeoutNanos, attrTimeoutNanos, readers, kflags, locks));
      case "rw":
        return flag(value, key, new FuseOptions(allowOther, defaultPermissions, false, fsname, subtype,
            entryTimeoutNanos, attrTimeoutNanos, readers, kflags, locks));
      case "fsname":
        return new FuseOptions(allowOther, defaultPermissions, readOnly, word(key, value), subtype,
            entryTimeoutNanos, attrTimeoutNanos, readers, kflags, locks);
      case "subtype":
        return new FuseOptions(allowOther, defaultPermissions, readOnly, fsname, word(key, value),
            entryTimeoutNanos, attrTimeoutNanos, readers, kflags, locks);
      case "entry_timeout":
        return new FuseOptions(allowOther, defaultPermissions, readOnly, fsname, subtype, seconds(key, value),
            attrTimeoutNanos, readers, kflags, locks);
      case "attr_timeout":
        return new FuseOptions(allowOther, defaultPermissions, readOnly, fsname, subtype, entryTimeoutNanos,
            seconds(key, value), readers, kflags, locks);
      case "readers":
        return new FuseOptions(allowOther, defaultPermissions, readOnly, fsname, subtype, entryTimeoutNanos,
            attrTimeoutNanos, number(key, value), kflags, locks);
      case "locks":
        return new FuseOptions(allowOther, defaultPermissions, readOnly, fsname, subtype, entryTimeoutNanos,
            attrTimeoutNanos, readers, kflags, locks(key, value));
      default:
        throw new IllegalArgumentException("unknown mount option '" + option + "'");
    }
  }

  /** The kernel's mount options beyond fd/rootmode/user_id/group_id. */
  public List<String> kernelOptions() {
    List<String> list = new ArrayList<>();
    if (defaultPermissions) {
      list.add("default_permissions");
    }
    if (allowOther) {
      list.add("allow_other");
    }
    if (readOnly) {
      list.add("ro");
    }
    return list;
  }

  private static FuseOptions flag(String value, String key, FuseOptions result) {
    if (value != null) {
      throw new IllegalArgumentException("mount option '" + key + "' takes no value");
    }
    return result;
  }

  private static String word(String key, String value) {
    if (value == null || value.isEmpty() || !value.matches("[A-Za-z0-9._:/@+-]+")) {
      throw new IllegalArgumentException("mount option '" + key + "' needs a plain word, got '" + value + "'");
    }
    return value;
  }

  private static long seconds(String key, String value) {
    try {
      double s = Double.parseDouble(value == null ? "" : value);
      if (s < 0 || s > 86_400) {
        throw new NumberFormatException();
      }
      return (long) (s * 1e9);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("mount option '" + key + "' needs seconds (0 to 86400), got '" + value
          + "'", e);
    }
  }

  private static Locks locks(String key, String value) {
    if ("engine".equals(value)) {
      return Locks.ENGINE;
    }
    if ("kernel".equals(value)) {
      return Locks.KERNEL;
    }
    throw new IllegalArgumentException("mount option '" + key + "' takes engine or kernel"
        + (value == null ? "" : ", got '" + value + "'"));
  }

  private static int number(String key, String value) {
    try {
      return Integer.parseInt(value == null ? "" : value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("mount option '" + key + "' needs a number, got '" + value + "'", e);
    }
  }
}
