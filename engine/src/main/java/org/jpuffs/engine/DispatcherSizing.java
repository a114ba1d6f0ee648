package org.jpuffs.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/**
 * How many threads the default dispatcher of an engine's own actor system gets ({@code
 * jpuffs.engine.dispatcher-threads}). Pekko keeps at least 8 whatever the machine; on 2 CPUs those 8 threads spent
 * most of the engine's CPU waking and parking one another (every tell to an idle actor signals the pool): the
 * small-file workload used 0.99 ms of CPU a file with 8 threads and 0.55 ms with 2, and took 652 against 468 µs
 * (performance.md, "Session 15"). {@code auto} is one thread on a machine of one or two CPUs and one thread per CPU
 * above that, up to 64 (Pekko's own maximum, which is what Pekko gives a machine of 8 CPUs or more anyway); a number
 * sets it; {@code pekko} keeps Pekko's sizing.
 *
 * <p>Why one on two CPUs: there the engine shares the machine with its clients, the FUSE reader threads, the kernel
 * and the journal's writer. With a second dispatcher thread, every tell to an idle actor woke that thread, and the
 * wake-ups cost more than the parallel work saved: a FUSE create went from 0.68× to 0.92× bindfs's rate and an
 * unlink from 0.72× to 1.10×, four processes creating on one mount at once took about as long (1.2 – 1.5 s a round
 * either way), and {@code java.nio.file}'s small-file workload took as long and used 20 – 25 % less CPU
 * (performance.md, "Session 17"). Nothing in the engine blocks a dispatcher thread, so one thread cannot deadlock.
 */
final class DispatcherSizing {
  static final String SETTING = "jpuffs.engine.dispatcher-threads";
  private static final String POOL = "pekko.actor.default-dispatcher.fork-join-executor.";
  private static final int MOST = 64;

  private DispatcherSizing() {}

  /** {@code config} with the default dispatcher sized as {@value #SETTING} says. */
  static Config apply(Config config) {
    String setting = config.hasPath(SETTING) ? config.getString(SETTING).trim() : "auto";
    if (setting.equals("pekko")) {
      return config;
    }
    int threads = setting.equals("auto") ? auto(Runtime.getRuntime().availableProcessors()) : parse(setting);
    return ConfigFactory.parseMap(Map.of(POOL + "parallelism-min", threads, POOL + "parallelism-max", threads),
        SETTING).withFallback(config);
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
