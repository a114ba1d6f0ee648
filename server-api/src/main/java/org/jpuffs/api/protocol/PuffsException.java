package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * A failed puffs operation, carrying the errno the protocol would carry. Servers throw it to answer with an error;
 * the engine's client API completes futures exceptionally with it.
 */
public class PuffsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Errno errno;

  /** A failure with the errno's standard text as the message. */
  public PuffsException(Errno errno) {
    this(errno, null);
  }

  /** A failure with extra detail after the errno's standard text. */
  public PuffsException(Errno errno, String detail) {
    super(message(errno, detail), null, false, false);
    this.errno = Objects.requireNonNull(errno, "errno");
  }

  /** A failure caused by another exception. */
  public PuffsException(Errno errno, String detail, Throwable cause) {
    super(message(errno, detail), cause);
    this.errno = Objects.requireNonNull(errno, "errno");
  }

  private static String message(Errno errno, String detail) {
    Objects.requireNonNull(errno, "errno");
    String base = errno.symbol() + " (" + errno.description() + ")";
    return detail == null || detail.isEmpty() ? base : base + ": " + detail;
  }

  /** The errno this failure carries. */
  public Errno errno() {
    return errno;
  }
}
