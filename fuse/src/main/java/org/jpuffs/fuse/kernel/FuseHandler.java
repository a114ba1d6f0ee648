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

  /**
   * May {@code request} be answered EINTR while its work goes on, when its caller catches a signal? Only for work
   * that can be undone or needs no undoing (a read, a lookup, a blocking lock): the kernel forgets the request once
   * answered, so an op with a lasting effect (a create, a write) must finish and report what it did.
   */
  default boolean abandonable(FuseRequest request) {
    return false;
  }

  /** {@code request} was {@link #abandonable} and has just been answered EINTR: stop its work where possible. */
  default void interrupted(FuseRequest request) {}

  /**
   * The work of an interrupted {@code request} finished after all with {@code reply}, which the kernel will never
   * see: undo what it gave (a node id's lookup, a granted lock).
   */
  default void abandoned(FuseRequest request, FuseReply reply) {}

  /** The session ended: the file system was unmounted. */
  default void ended() {}
}
