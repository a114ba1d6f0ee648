package org.jpuffs.api.protocol;

/** What a server-originated FLUSH asks ({@code pf_op}). */
public enum FlushOp {
  /** Drop the name-cache entries that point to the node. (NetBSD leaves this unimplemented and answers EINVAL.) */
  INVAL_NAMECACHE_NODE,
  /** Drop the name-cache entries of a directory's children. */
  INVAL_NAMECACHE_DIR,
  /** Drop the whole name cache of the mount. */
  INVAL_NAMECACHE_ALL,
  /** Discard cached pages of a regular file in a range. */
  INVAL_PAGECACHE_NODE_RANGE,
  /** Write dirty cached pages of a regular file in a range back to the server. */
  FLUSH_PAGECACHE_NODE_RANGE;

  /** The wire value ({@code PUFFS_INVAL_*} / {@code PUFFS_FLUSH_*}). */
  public int code() {
    return ordinal();
  }
}
