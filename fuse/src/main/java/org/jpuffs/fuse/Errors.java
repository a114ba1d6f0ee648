package org.jpuffs.fuse;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.fuse.kernel.FuseReply;
import org.jpuffs.fuse.kernel.MalformedRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Failures of the Vfs API as FUSE errors: puffs already speaks Linux errno, so this is mostly unwrapping. */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  /** The FUSE error for {@code failure}; anything but a {@link PuffsException} is a bug and becomes EIO. */
  static FuseReply toReply(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PuffsException puffs) {
      int errno = puffs.errno().value();
      // An errno FUSE cannot carry (0, or beyond Linux's) would be a protocol error for the kernel.
      return errno > 0 && errno <= Errno.ELAST ? FuseReply.error(errno) : FuseReply.error(Errno.EIO.value());
    }
    if (cause instanceof MalformedRequestException) {
      return FuseReply.error(Errno.EINVAL.value());
    }
    LOG.error("unexpected failure serving a FUSE request", cause);
    return FuseReply.error(Errno.EIO.value());
  }

  /** The errno of {@code failure}, or 0 if it is not a {@link PuffsException}. */
  static int errnoOf(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof PuffsException puffs ? puffs.errno().value() : 0;
  }
}
