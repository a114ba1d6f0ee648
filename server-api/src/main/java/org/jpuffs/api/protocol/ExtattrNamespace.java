package org.jpuffs.api.protocol;

/**
 * Extended-attribute namespaces. USER and SYSTEM are NetBSD's {@code EXTATTR_NAMESPACE_*}; TRUSTED and SECURITY are
 * jpuffs additions so that Linux's {@code trusted.} and {@code security.} attributes (through FUSE) keep their
 * namespace instead of being folded into SYSTEM.
 */
public final class ExtattrNamespace {
  private ExtattrNamespace() {}

  /** {@code user.} attributes: readable and writable by whoever may read and write the file. */
  public static final int USER = 1;
  /** {@code system.} attributes: the superuser only. */
  public static final int SYSTEM = 2;
  /** {@code trusted.} attributes: the superuser only. */
  public static final int TRUSTED = 3;
  /** {@code security.} attributes: readable by all, writable by the superuser. */
  public static final int SECURITY = 4;

  /** {@code true} for a namespace this protocol knows. */
  public static boolean isValid(int namespace) {
    return namespace >= USER && namespace <= SECURITY;
  }

  /** The Linux prefix of a namespace ({@code "user."} …). */
  public static String prefix(int namespace) {
    return switch (namespace) {
      case USER -> "user.";
      case SYSTEM -> "system.";
      case TRUSTED -> "trusted.";
      case SECURITY -> "security.";
      default -> throw new IllegalArgumentException("no extattr namespace " + namespace);
    };
  }
}
