package org.jpuffs.fuse.kernel;

import java.util.concurrent.CompletionStage;

/**
 * What a {@link FuseSession} hands requests to: the file system side (the bridge to the Vfs API). The session itself
 * answers INIT, DESTROY and INTERRUPT and never passes them here.
 */
public interface FuseHandler {

  /**
   * Answers one request. The stage may complete on any thread; a failed stage or a thrown exception becomes EIO
   * (EINVAL for a {@link MalformedRequestException}), so a handler bug never ends the session.
   */
  CompletionStage<FuseReply> handle(FuseRequest request);

  /** The INIT capability flags ({@code FUSE_POSIX_LOCKS}, {@code FUSE_DO_READDIRPLUS}, …) the handler supports. */
  int initFlags();

  /** The kernel gave up waiting for request {@code unique} (its caller caught a signal). */
  default void interrupted(long unique) {}

  /** The session ended: the file system was unmounted. */
  default void ended() {}
}
