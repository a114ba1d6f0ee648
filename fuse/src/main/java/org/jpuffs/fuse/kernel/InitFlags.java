package org.jpuffs.fuse.kernel;

/** The {@code FUSE_*} capability bits of {@code fuse_init_in.flags} / {@code fuse_init_out.flags}. */
public final class InitFlags {
  public static final int ASYNC_READ = 1;
  public static final int POSIX_LOCKS = 1 << 1;
  public static final int ATOMIC_O_TRUNC = 1 << 3;
  public static final int BIG_WRITES = 1 << 5;
  public static final int DONT_MASK = 1 << 6;
  public static final int FLOCK_LOCKS = 1 << 10;
  public static final int AUTO_INVAL_DATA = 1 << 12;
  public static final int DO_READDIRPLUS = 1 << 13;
  public static final int READDIRPLUS_AUTO = 1 << 14;
  public static final int WRITEBACK_CACHE = 1 << 16;
  public static final int PARALLEL_DIROPS = 1 << 18;
  public static final int MAX_PAGES = 1 << 22;

  /** What every session asks for: the set measured to work (fuse-notes.md). */
  static final int BASELINE = ASYNC_READ | BIG_WRITES | PARALLEL_DIROPS | MAX_PAGES;

  private InitFlags() {}
}
