package org.jpuffs.engine.sop;

/**
 * Hears about the cache invalidations a mount's server asked for. Called on the sop actor's thread after the engine
 * applied the invalidation, so it must return quickly and must not block; hand work to another thread if needed.
 */
@FunctionalInterface
public interface InvalidationListener {
  /** The server invalidated {@code invalidation}. */
  void invalidated(Invalidation invalidation);
}
