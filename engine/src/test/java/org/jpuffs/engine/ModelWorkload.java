package org.jpuffs.engine;

/**
 * The engine model test's randomized workload ({@link EngineModelChecker}) for tests in other packages, e.g. session
 * replay, which records what it sends to a server.
 */
public final class ModelWorkload {

  private ModelWorkload() {}

  /**
   * Runs {@code ops} random operations through {@code mount} (whose root must be empty), checked against the model.
   *
   * @return the number of operations run
   * @throws AssertionError if the engine and server diverge from the model
   */
  public static int run(Mount mount, long seed, int ops) {
    return EngineModelChecker.run(mount, seed, ops).operations();
  }
}
