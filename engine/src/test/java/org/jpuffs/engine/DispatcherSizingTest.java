package org.jpuffs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.jpuffs.engine.dispatch.CallerRunsExecutorConfigurator;
import org.junit.jupiter.api.Test;

class DispatcherSizingTest {
  private static final String MIN = "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min";
  private static final String MAX = "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max";
  private static final String EXECUTOR = "pekko.actor.default-dispatcher.executor";
  private static final String THREADS = "pekko.actor.default-dispatcher.caller-runs-executor.threads";

  private static Config with(String threads) {
    return ConfigFactory.parseString("jpuffs.engine.dispatcher-threads = \"" + threads + "\"")
        .withFallback(ConfigFactory.load());
  }

  private static Config forkJoinWith(String threads) {
    return ConfigFactory.parseString("jpuffs.engine.dispatcher-executor = fork-join").withFallback(with(threads));
  }

  @Test
  void autoIsOneThreadOnTwoCpusOrFewerAndOnePerCpuAbove() {
    assertEquals(1, DispatcherSizing.auto(1));
    assertEquals(1, DispatcherSizing.auto(2));
    assertEquals(3, DispatcherSizing.auto(3));
    assertEquals(16, DispatcherSizing.auto(16));
    assertEquals(64, DispatcherSizing.auto(200), "Pekko's own maximum");
  }

  @Test
  void autoSizesTheCallerRunsExecutorForThisMachine() {
    Config sized = DispatcherSizing.apply(with("auto"));
    assertEquals(CallerRunsExecutorConfigurator.class.getName(), sized.getString(EXECUTOR));
    assertEquals(DispatcherSizing.auto(Runtime.getRuntime().availableProcessors()), sized.getInt(THREADS));
  }

  @Test
  void aNumberIsTakenAsItIs() {
    assertEquals(3, DispatcherSizing.apply(with("3")).getInt(THREADS));
  }

  @Test
  void forkJoinSizesPekkosForkJoinPoolInstead() {
    Config sized = DispatcherSizing.apply(forkJoinWith("3"));
    assertEquals("fork-join-executor", sized.getString(EXECUTOR));
    assertEquals(3, sized.getInt(MIN));
    assertEquals(3, sized.getInt(MAX));
  }

  @Test
  void pekkoKeepsPekkosSizing() {
    Config config = with("pekko");
    assertEquals(config.getInt(MIN), DispatcherSizing.apply(config).getInt(MIN));
    assertEquals(8, DispatcherSizing.apply(config).getInt(MIN), "Pekko's own minimum");
  }

  @Test
  void anythingElseIsAClearError() {
    for (String bad : new String[] {"0", "65", "many", "-1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DispatcherSizing.apply(with(bad)));
      assertTrue(e.getMessage().contains("jpuffs.engine.dispatcher-threads"), e.getMessage());
    }
    Config badExecutor = ConfigFactory.parseString("jpuffs.engine.dispatcher-executor = affinity")
        .withFallback(with("auto"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DispatcherSizing.apply(badExecutor));
    assertTrue(e.getMessage().contains("jpuffs.engine.dispatcher-executor"), e.getMessage());
  }

  @Test
  void anEngineStartedByItselfUsesTheSizing() {
    try (PuffsEngine engine = PuffsEngine.start(ConfigFactory.parseString(
        "jpuffs.journal = in-memory\njpuffs.engine.dispatcher-threads = 3").withFallback(ConfigFactory.load()))) {
      assertEquals(3, engine.system().settings().config().getInt(THREADS));
      assertEquals(CallerRunsExecutorConfigurator.class.getName(),
          engine.system().settings().config().getString(EXECUTOR));
    }
  }
}
