package org.jpuffs.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server factory's back-off: at once, then doubling from min-backoff, capped at max-backoff. */
class RestartSettingsTest {

  private final RestartSettings restart = new RestartSettings(Duration.ofMillis(100), Duration.ofSeconds(1), 10);

  @Test
  void theFirstAttemptComesAtOnceAndTheWaitDoublesUpToTheCap() {
    assertEquals(Duration.ZERO, restart.backoffBefore(1));
    assertEquals(Duration.ofMillis(100), restart.backoffBefore(2));
    assertEquals(Duration.ofMillis(200), restart.backoffBefore(3));
    assertEquals(Duration.ofMillis(800), restart.backoffBefore(5));
    assertEquals(Duration.ofSeconds(1), restart.backoffBefore(6));
    assertEquals(Duration.ofSeconds(1), restart.backoffBefore(1000));
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RestartSettings(Duration.ofSeconds(2),
        Duration.ofSeconds(1), 3));
    assertThrows(IllegalArgumentException.class, () -> new RestartSettings(Duration.ZERO, Duration.ZERO, 0));
  }
}
