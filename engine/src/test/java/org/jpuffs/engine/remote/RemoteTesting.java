package org.jpuffs.engine.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.api.protocol.PuffsException;

/** Shared plumbing of the remote tests: configuration, server JVMs, waiting. */
final class RemoteTesting {
  private static final AtomicInteger names = new AtomicInteger();

  private RemoteTesting() {}

  /** The engine tests' configuration (test timeouts, slf4j logging) as the base of a remote system. */
  static Config base() {
    return ConfigFactory.load("application-test");
  }

  static String freshName() {
    return "r" + names.incrementAndGet();
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PuffsException puffs) {
        throw puffs;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }
}
