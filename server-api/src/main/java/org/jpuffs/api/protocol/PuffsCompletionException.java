package org.jpuffs.api.protocol;

import java.util.concurrent.CompletionException;

/**
 * The {@link CompletionException} a future fails with when an operation failed with an errno: the same shape as the
 * one {@code CompletableFuture} makes itself (the {@link PuffsException} is the cause), but without a stack trace.
 *
 * <p>Why: in a file system an errno is an ordinary answer (every create starts with a LOOKUP answered ENOENT), and
 * {@code CompletableFuture} wraps an exception thrown in a stage, or relayed to a dependent stage, in a new
 * {@code CompletionException} that records the stack: deep under the actors' mailboxes, this took a fifth of the CPU
 * of a FUSE request answered with an errno (docs/performance.md, "Session 18"). A {@code CompletionException} given to
 * a stage is passed on as it is, so one made here costs nothing downstream.
 */
public final class PuffsCompletionException extends CompletionException {
  private static final long serialVersionUID = 1L;

  public PuffsCompletionException(PuffsException cause) {
    super(cause.getMessage(), cause);
  }

  /** A failure with {@code errno}, to throw from a stage. */
  public static PuffsCompletionException of(Errno errno) {
    return new PuffsCompletionException(new PuffsException(errno));
  }

  @Override
  public PuffsException getCause() {
    return (PuffsException) super.getCause();
  }

  /** No stack trace: the errno says what happened, and the stack of an actor's mailbox says nothing. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
