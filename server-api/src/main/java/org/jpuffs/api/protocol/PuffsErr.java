package org.jpuffs.api.protocol;

/** The kind of protocol violation an {@link ErrorReport} describes ({@code enum puffs_err}, PUFFSVERSION 30). */
public enum PuffsErr {
  /** An errno out of range ({@code checkerr}). */
  ERROR,
  /** A node-creating reply was unusable: bad type, bad size, existing or root cookie. */
  MAKENODE,
  /** LOOKUP returned the directory's own cookie. */
  LOOKUP,
  /** READDIR: resid grew or too many cookies. */
  READDIR,
  /** READLINK: the link is longer than the buffer. */
  READLINK,
  /** READ: resid grew. */
  READ,
  /** WRITE: resid grew. */
  WRITE,
  /** VPTOFH: the handle is larger than {@code FHANDLE_SIZE_MAX}. */
  VPTOFH,
  /** GETEXTATTR: resid grew. */
  GETEXTATTR,
  /** LISTEXTATTR: resid grew. */
  LISTEXTATTR;

  /** The wire value ({@code PUFFS_ERR_*}). */
  public int code() {
    return ordinal();
  }
}
