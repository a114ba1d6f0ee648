package org.jpuffs.engine.dispatch;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * Pekko's hook for {@link CallerRunsExecutor}: a dispatcher with {@code executor =
 * "org.jpuffs.engine.dispatch.CallerRunsExecutorConfigurator"} gets one, with {@value #THREADS} worker threads (from
 * the dispatcher's own section). {@code jpuffs.engine.dispatcher-threads} sets both for the engine's actor system.
 */
public final class CallerRunsExecutorConfigurator extends ExecutorServiceConfigurator {
  /** The dispatcher config key for the number of worker threads. */
  public static final String THREADS = "caller-runs-executor.threads";

  private final int threads;

  public CallerRunsExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.threads = config.getInt(THREADS);
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    return () -> new CallerRunsExecutor(threads, threadFactory);
  }
}
