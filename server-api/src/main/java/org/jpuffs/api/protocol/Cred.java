package org.jpuffs.api.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Credentials of the caller ({@code struct puffs_kcred}): either a user's uid, gid and groups, or one of the kernel's
 * internal credentials, {@link Kind#NOCRED} (no credentials at all) and {@link Kind#FSCRED} (the file system acting on
 * its own behalf, which passes every check).
 *
 * @param kind user or internal
 * @param uid the user id (0 for the internal credentials)
 * @param gid the primary group id (0 for the internal credentials)
 * @param groups the supplementary groups, copied
 */
public record Cred(Kind kind, int uid, int gid, List<Integer> groups) implements PuffsSerializable {

  /** What {@code pkcr_type} and {@code pkcr_internal} say together. */
  public enum Kind {
    /** A user's credentials ({@code PUFFCRED_TYPE_UUC}). */
    USER,
    /** Internal: no credentials ({@code PUFFCRED_CRED_NOCRED}). */
    NOCRED,
    /** Internal: the file system itself ({@code PUFFCRED_CRED_FSCRED}). */
    FSCRED
  }

  /** The kernel's {@code NOCRED}. */
  public static final Cred NOCRED = new Cred(Kind.NOCRED, 0, 0, List.of());
  /** The kernel's {@code FSCRED}. */
  public static final Cred FSCRED = new Cred(Kind.FSCRED, 0, 0, List.of());
  /** The superuser. */
  public static final Cred ROOT = user(0, 0);

  public Cred {
    Objects.requireNonNull(kind, "kind");
    groups = List.copyOf(groups);
    if (kind != Kind.USER && (uid != 0 || gid != 0 || !groups.isEmpty())) {
      throw new IllegalArgumentException("internal credentials carry no ids: " + kind);
    }
  }

  /** A user's credentials. */
  public static Cred user(int uid, int gid, Integer... groups) {
    return new Cred(Kind.USER, uid, gid, List.of(groups));
  }

  /** {@code true} for the internal credentials. */
  public boolean isInternal() {
    return kind != Kind.USER;
  }

  /**
   * {@code true} when this caller bypasses permission checks: the superuser or {@link #FSCRED}, as
   * {@code kauth_authorize_generic(cred, KAUTH_GENERIC_ISSUSER)} decides in the kernel.
   */
  public boolean isSuperuser() {
    return kind == Kind.FSCRED || (kind == Kind.USER && uid == 0);
  }

  /** {@code true} if {@code gid} is this caller's primary or a supplementary group. */
  public boolean inGroup(int gid) {
    return kind == Kind.USER && (this.gid == gid || groups.contains(gid));
  }

  @Override
  public String toString() {
    if (kind != Kind.USER) {
      return kind.name();
    }
    return "uid=" + uid + ",gid=" + gid + (groups.isEmpty() ? "" : ",groups=" + groups);
  }
}
