package org.jpuffs.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.jpuffs.engine.dispatch.CallerRunsExecutorConfigurator;

/**
 * The default dispatcher of an engine's own actor system: its executor ({@code jpuffs.engine.dispatcher-executor}:
 * {@code caller-runs}, the default, is {@code org.jpuffs.engine.dispatch.CallerRunsExecutor}; {@code fork-join} is
 * Pekko's pool) and its threads ({@code jpuffs.engine.dispatcher-threads}: {@code auto} is one thread on a machine of
 * one or two CPUs and one per CPU above that, up to 64, Pekko's own maximum; a number sets it; {@code pekko} keeps
 * Pekko's dispatcher and sizing).
 *
 * <p>Why so few threads: on the small VMs this runs on, waking a parked thread costs more than the engine's work for
 * a request. Pekko keeps at least 8 threads whatever the machine, and on 2 CPUs they spent most of the engine's CPU
 * waking one another: the small-file workload used 0.99 ms of CPU a file with 8 threads and 0.55 ms with 2
 * (performance.md, "Session 15"). Two against one on 2 CPUs: with the second thread, every tell to an idle actor woke
 * it, and a FUSE create ran at 3,300 – 3,700 files/s against 4,900 – 5,200 with one; four processes creating on one
 * mount at once took as long either way, and {@code java.nio.file}'s small-file workload as long with 20 – 25 % less
 * CPU (performance.md, "Session 17"). Nothing in the engine blocks a dispatcher thread, so one cannot deadlock.
 */
public final class DispatcherSizing {
  static final String SETTING = "jpuffs.engine.dispatcher-threads";
  static final String EXECUTOR_SETTING = "jpuffs.engine.dispatcher-executor";
  private static final String DISPATCHER = "pekko.actor.default-dispatcher.";
  private static final String POOL = DISPATCHER + "fork-join-executor.";
  private static final int MOST = 64;

  private DispatcherSizing() {}

  /**
   * {@code config} with the default dispatcher set up as {@value #SETTING} and {@value #EXECUTOR_SETTING} say: what an
   * engine's own actor system gets ({@link PuffsEngine#start}), and what an application that makes the actor system
   * itself can give it (the FUSE tests do).
   */
  public static Config apply(Config config) {
    String setting = config.hasPath(SETTING) ? config.getString(SETTING).trim() : "auto";
    if (setting.equals("pekko")) {
      return config;
    }
    int threads = setting.equals("auto") ? auto(Runtime.getRuntime().availableProcessors()) : parse(setting);
    Map<String, Object> sizing = switch (executor(config)) {
      case "caller-runs" -> Map.of(DISPATCHER + "executor", CallerRunsExecutorConfigurator.class.getName(),
          DISPATCHER + CallerRunsExecutorConfigurator.THREADS, threads);
      default -> Map.of(DISPATCHER + "executor", "fork-join-executor", POOL + "parallelism-min", threads,
          POOL + "parallelism-max", threads);
    };
    return ConfigFactory.parseMap(sizing, SETTING).withFallback(config);
  }

  private static String executor(Config config) {
    String executor = config.hasPath(EXECUTOR_SETTING) ? config.getString(EXECUTOR_SETTING).trim() : "caller-runs";
    if (!executor.equals("caller-runs") && !executor.equals("fork-join")) {
      throw new IllegalArgumentException(EXECUTOR_SETTING + " must be caller-runs or fork-join, not '" + executor
          + "'");
    }
    return executor;
  }

  /** The {@code auto} size on a machine of {@code cpus} CPUs. */
  static int auto(int cpus) {
    return cpus <= 2 ? 1 : Math.min(MOST, cpus);
  }

  private static int parse(String setting) {
    try {
      int threads = Integer.parseInt(setting);
      if (threads >= 1 && threads <= MOST) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(SETTING + " must be auto, pekko or a number of threads from 1 to " + MOST
        + ", not '" + setting + "'");
  }
}
