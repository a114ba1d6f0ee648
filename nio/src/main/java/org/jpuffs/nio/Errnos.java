package org.jpuffs.nio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.engine.dispatch.CallerRuns;

/**
 * The one place errnos become {@code java.nio.file} exceptions, and engine stages become blocking calls.
 *
 * <p>ENOENT → {@link NoSuchFileException}, EEXIST → {@link FileAlreadyExistsException}, ENOTEMPTY →
 * {@link DirectoryNotEmptyException}, EACCES/EPERM → {@link AccessDeniedException}, ENOTDIR →
 * {@link NotDirectoryException}, ELOOP → a {@link FileSystemException} saying so; EXDEV is left to the move code (only there
 * does it mean {@link java.nio.file.AtomicMoveNotSupportedException}); everything else is a
 * {@link FileSystemException} whose reason names the errno.
 */
final class Errnos {

  private Errnos() {}

  /** The exception for {@code errno} on {@code file} (and {@code other}, for two-path operations). */
  static IOException toException(Errno errno, String file, String other) {
    if (errno.equals(Errno.ENOENT)) {
      return new NoSuchFileException(file, other, null);
    }
    if (errno.equals(Errno.EEXIST)) {
      return new FileAlreadyExistsException(file, other, null);
    }
    if (errno.equals(Errno.ENOTEMPTY)) {
      return new DirectoryNotEmptyException(file);
    }
    if (errno.equals(Errno.EACCES) || errno.equals(Errno.EPERM)) {
      return new AccessDeniedException(file, other, errno.symbol());
    }
    if (errno.equals(Errno.ENOTDIR)) {
      return new NotDirectoryException(file);
    }
    if (errno.equals(Errno.ELOOP)) {
      return new FileSystemException(file, other, "ELOOP: too many levels of symbolic links");
    }
    return new FileSystemException(file, other, errno.symbol() + ": " + errno.description());
  }

  /** {@link #toException(Errno, String, String)} for one path. */
  static IOException toException(Errno errno, Object file) {
    return toException(errno, String.valueOf(file), null);
  }

  /** The errno a failure of an engine stage carries (EIO for anything that is not a {@link PuffsException}). */
  static Errno errnoOf(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PuffsException puffs) {
      return puffs.errno();
    }
    if (cause instanceof TimeoutException) {
      return Errno.ETIMEDOUT;
    }
    return Errno.EIO;
  }

  /**
   * Makes the engine call {@code op} and waits for its answer at most {@code timeoutMillis}. The call is made inside
   * {@link CallerRuns#runUntilAnswered}: the calling thread, which would only wait, runs the engine's work for it
   * itself (the actors' messages, the server's reply, the completion) until the answer is there, which saves waking an
   * engine thread and then this one.
   * An interrupt keeps the thread's interrupt status and becomes an {@link InterruptedIOException}; channels turn it
   * into {@code ClosedByInterruptException} themselves.
   *
   * @throws PuffsException the call's failure (ETIMEDOUT if it took too long)
   */
  static <T> T await(Supplier<? extends CompletionStage<T>> op, long timeoutMillis) throws InterruptedIOException {
    return await(CallerRuns.runUntilAnswered(op, timeoutMillis), timeoutMillis);
  }

  private static <T> T await(CompletionStage<T> stage, long timeoutMillis) throws InterruptedIOException {
    try {
      return stage.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PuffsException puffs) {
        throw puffs;
      }
      throw new PuffsException(errnoOf(cause), String.valueOf(cause), cause);
    } catch (TimeoutException e) {
      throw new PuffsException(Errno.ETIMEDOUT, "no answer from the engine in " + timeoutMillis + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for the engine");
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  /**
   * Makes the engine call {@code op} (as {@link #await} does) and waits for it at most {@code timeoutMillis}, through
   * interrupts (the interrupt status is kept), and ignores its outcome: for the clean-up a closing channel owes the
   * engine even when an interrupt closed it.
   */
  static <T> void settle(Supplier<? extends CompletionStage<T>> op, long timeoutMillis) {
    CompletionStage<?> stage = CallerRuns.runUntilAnswered(op, timeoutMillis);
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      while (true) {
        try {
          stage.toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
          return;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
