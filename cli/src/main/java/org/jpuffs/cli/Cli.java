package org.jpuffs.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Small helpers the commands share. */
final class Cli {

  private Cli() {}

  /** Waits for {@code stage}; its failure is rethrown as it is (an unchecked one) or wrapped. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }
}
