package org.jpuffs.api.protocol;

/** The {@code PUFFS_FHFLAG_*} bits: how a server's file handles look. */
public final class FhFlags {
  private FhFlags() {}

  /** Handles vary in length; the declared size is the maximum. */
  public static final int DYNAMIC = 0x01;
  /** Handles must fit NFSv2 ({@code NFSX_V2FH}). */
  public static final int NFSV2 = 0x02;
  /** Handles must fit NFSv3 ({@code NFSX_V3FHMAX}). */
  public static final int NFSV3 = 0x04;
  /** The NFS protocol bits. */
  public static final int PROTOMASK = NFSV2 | NFSV3;
  /** The whole {@code struct fid} is passed through unchanged; the size is forced to its size. */
  public static final int PASSTHROUGH = 0x08;
  /** Every bit a mount may set. */
  public static final int MASK = 0x0f;
}
