package org.jpuffs.api.protocol;

/** The {@code name} of PATHCONF (NetBSD {@code _PC_*}). */
public final class PathconfName {
  private PathconfName() {}

  public static final int LINK_MAX = 1;
  public static final int MAX_CANON = 2;
  public static final int MAX_INPUT = 3;
  public static final int NAME_MAX = 4;
  public static final int PATH_MAX = 5;
  public static final int PIPE_BUF = 6;
  public static final int CHOWN_RESTRICTED = 7;
  public static final int NO_TRUNC = 8;
  public static final int VDISABLE = 9;
  public static final int SYNC_IO = 10;
  public static final int FILESIZEBITS = 11;
  public static final int SYMLINK_MAX = 12;
  public static final int TWO_SYMLINKS = 13;
}
