package org.jpuffs.api.protocol;

/** The modes ACCESS asks about (NetBSD's {@code VREAD}, {@code VWRITE}, {@code VEXEC}). */
public final class AccessMode {
  private AccessMode() {}

  /** Execute or search. */
  public static final int VEXEC = 0100;
  /** Write. */
  public static final int VWRITE = 0200;
  /** Read. */
  public static final int VREAD = 0400;
}
