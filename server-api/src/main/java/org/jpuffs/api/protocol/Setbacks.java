package org.jpuffs.api.protocol;

/**
 * The {@code PUFFS_SETBACK_*} bits a server sets in a reply ({@code preq_setbacks}) to ask the engine for something
 * about the op's node (N1) or its second node (N2, e.g. the target of REMOVE).
 */
public final class Setbacks {
  private Setbacks() {}

  /** Send INACTIVE for N1 when it goes idle (matters with {@code KFLAG_IAONDEMAND}). */
  public static final int INACT_N1 = 0x01;
  /** Send INACTIVE for N2 when it goes idle. */
  public static final int INACT_N2 = 0x02;
  /** N1 has no references left on the server: recycle it at inactive. */
  public static final int NOREF_N1 = 0x04;
  /** N2 has no references left on the server. */
  public static final int NOREF_N2 = 0x08;
  /** Every valid bit. */
  public static final int MASK = 0x0f;
}
