package org.jpuffs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.jpuffs.api.protocol.Cookie;
import org.junit.jupiter.api.Test;

class SessionInfoTest {

  private static final Instant START = Instant.parse("2026-11-25T05:00:00Z");

  @Test
  void theLineIsNameSessionStartEndOpsRecordLevel() {
    SessionInfo info = new SessionInfo("m1", 3, START, Optional.of(START.plusSeconds(90)), 1234, "full",
        Cookie.of(2), Optional.empty());
    assertEquals("m1 3 2026-11-25T05:00:00Z 2026-11-25T05:01:30Z 1234 full", info.line());
  }

  @Test
  void aSessionWithoutAnEndPrintsADash() {
    SessionInfo info = new SessionInfo("m1", 1, START, Optional.empty(), 0, "mutations", Cookie.of(2),
        Optional.empty());
    assertEquals("m1 1 2026-11-25T05:00:00Z - 0 mutations", info.line());
  }

  @Test
  void sessionsAreNumberedFromOne() {
    assertThrows(IllegalArgumentException.class, () -> new SessionInfo("m1", 0, START, Optional.empty(), 0, "full",
        Cookie.of(2), Optional.empty()));
  }
}
