package org.jpuffs.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsCompletionException;
import org.jpuffs.api.protocol.PuffsException;
import org.junit.jupiter.api.Test;

/**
 * A server's errno answer travels through futures as a {@link PuffsCompletionException}: the shape callers already
 * unwrap (a {@code CompletionException} caused by the {@link PuffsException}), without a stack trace, and passed on
 * unchanged by every stage after it.
 */
class ErrnoFailureTest {

  /** A blocking server whose every op fails (the interface's defaults answer EOPNOTSUPP). */
  private static final FileSystemServer FAILING = () -> {
    throw new UnsupportedOperationException("not mounted in this test");
  };

  @Test
  void aBlockingServersErrnoFailsTheFutureWithoutAStackTrace() {
    BlockingServerAdapter adapter = new BlockingServerAdapter(FAILING, Runnable::run, Runnable::run);
    CompletableFuture<?> answer = adapter.getattr(RequestContext.of(Cred.ROOT), Cookie.of(1)).toCompletableFuture();
    CompletionException failure = assertThrows(CompletionException.class, answer::join);
    PuffsCompletionException quiet = assertInstanceOf(PuffsCompletionException.class, failure);
    assertEquals(Errno.EOPNOTSUPP, quiet.getCause().errno());
    assertEquals(0, quiet.getStackTrace().length);
    ExecutionException viaGet = assertThrows(ExecutionException.class, answer::get);
    assertInstanceOf(PuffsException.class, viaGet.getCause(), "get() still unwraps to the PuffsException");
  }

  @Test
  void stagesAfterItPassTheSameExceptionOn() {
    PuffsCompletionException failure = PuffsCompletionException.of(Errno.ENOENT);
    CompletableFuture<Object> failed = CompletableFuture.failedFuture(failure);
    CompletableFuture<Object> later = failed.thenApply(value -> value).thenCompose(CompletableFuture::completedFuture);
    CompletionException seen = assertThrows(CompletionException.class, later::join);
    assertSame(failure, seen);
  }

  @Test
  void thrownFromAStageItIsNotWrappedAgain() {
    CompletableFuture<Object> later = CompletableFuture.completedFuture((Object) "x").thenApply(value -> {
      throw PuffsCompletionException.of(Errno.EEXIST);
    });
    CompletionException seen = assertThrows(CompletionException.class, later::join);
    assertInstanceOf(PuffsCompletionException.class, seen);
    assertEquals(Errno.EEXIST, ((PuffsException) seen.getCause()).errno());
  }
}
