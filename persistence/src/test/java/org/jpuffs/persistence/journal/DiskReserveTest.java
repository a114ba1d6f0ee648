package org.jpuffs.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskReserveTest {

  static final long RECHECK = TimeUnit.MILLISECONDS.toNanos(DiskReserve.RECHECK_MILLIS);

  @TempDir
  Path tmp;

  @Test
  void belowTheReserveItIsExhaustedAndTheFreeSpaceIsReadAgainOnlyAfterTheRecheckInterval() {
    AtomicLong free = new AtomicLong(500);
    AtomicLong clock = new AtomicLong();
    AtomicInteger readings = new AtomicInteger();
    DiskReserve reserve = DiskReserve.watching(100, () -> {
      readings.incrementAndGet();
      return free.get();
    }, clock::get);

    assertFalse(reserve.exhausted());
    free.set(99);
    assertFalse(reserve.exhausted(), "the reading of 500 is still trusted");
    assertEquals(1, readings.get());
    clock.addAndGet(RECHECK);
    assertTrue(reserve.exhausted());
    assertEquals(99, reserve.usableBytes());
    free.set(100);
    clock.addAndGet(RECHECK);
    assertFalse(reserve.exhausted(), "exactly the reserve free is enough");
    assertEquals(3, readings.get());
  }

  @Test
  void aReadingThatFailsCountsAsEnoughSpace() {
    DiskReserve reserve = DiskReserve.watching(100, () -> {
      throw new UncheckedIOException(new IOException("gone"));
    }, System::nanoTime);
    assertFalse(reserve.exhausted());
  }

  @Test
  void noReserveIsNeverExhaustedAndNeverReads() {
    DiskReserve reserve = DiskReserve.watching(0, () -> {
      throw new AssertionError("read");
    }, System::nanoTime);
    assertFalse(reserve.exhausted());
    assertFalse(DiskReserve.none().exhausted());
    assertThrows(IllegalArgumentException.class, () -> DiskReserve.watching(-1, () -> 0, System::nanoTime));
  }

  @Test
  void theSettingsNameTheReserveAndOnlyALevelDbJournalWatchesItsDataDir() throws IOException {
    JournalSettings configured = JournalSettings.fromConfig(ConfigFactory.parseString("jpuffs.journal-reserve = 2MiB")
        .withFallback(ConfigFactory.load()));
    assertEquals(2L << 20, configured.reserveBytes());
    assertEquals(JournalSettings.DEFAULT_RESERVE_BYTES, JournalSettings.fromConfig(ConfigFactory.load()).reserveBytes());
    assertThrows(IllegalArgumentException.class, () -> JournalSettings.levelDb(tmp).withReserveBytes(-1));

    assertSame(DiskReserve.none(), DiskReserve.of(JournalSettings.inMemory()));
    assertSame(DiskReserve.none(), DiskReserve.of(JournalSettings.levelDb(tmp).withReserveBytes(0)));
    Files.createDirectories(tmp);
    DiskReserve real = DiskReserve.of(JournalSettings.levelDb(tmp).withReserveBytes(1));
    assertFalse(real.exhausted(), "a temp dir has a byte free");
    assertEquals(Files.getFileStore(tmp).getUsableSpace(), real.usableBytes(), 64L << 20);
    DiskReserve impossible = DiskReserve.of(JournalSettings.levelDb(tmp).withReserveBytes(Long.MAX_VALUE));
    assertTrue(impossible.exhausted());
  }
}
