package org.jpuffs.api.protocol;

/** Why a name is being looked up ({@code pkcn_nameiop}, the {@code cn_nameiop} of NetBSD's namei). */
public enum NameiOp {
  /** Plain lookup. */
  LOOKUP,
  /** Lookup before creating the name. */
  CREATE,
  /** Lookup before removing the name. */
  DELETE,
  /** Lookup before renaming to or from the name. */
  RENAME
}
