package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.servers.chaos.ChaosConfig;
import org.jpuffs.servers.chaos.ChaosFs;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * FUSE_INTERRUPT: a process killed while its request waits in the server gets its request answered EINTR at once
 * (the kernel waits uninterruptibly for a request it has handed over, even after SIGKILL), and what the abandoned
 * work leaves behind is undone.
 */
@EnabledIf("org.jpuffs.fuse.FuseFixture#available")
class InterruptTest {
  static final ActorTestKit testKit = FuseFixture.testKit();
  /** Longer than any wait below: a request that reaches the server's slow op cannot finish before the test is done. */
  private static final Duration SLOW = Duration.ofSeconds(12);
  private static final String SETLKW = "use Fcntl; open(my $f, '+<', $ARGV[0]) or die \"open: $!\";"
      + " my $lock = pack('ssx4qqix4', F_WRLCK, 0, 0, 0, 0);"
      + " fcntl($f, F_SETLKW, $lock) or die \"lock: $!\"; print \"locked\\n\";";

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aKilledReaderIsAnsweredEintrWhileTheServerIsStillReading() throws Exception {
    ChaosFs slowReads = new ChaosFs(new MemFs(),
        ChaosConfig.builder().latency(1.0, SLOW, SLOW).onlyOps(VnOpType.READ).build());
    try (FuseFixture fs = FuseFixture.mount(testKit, slowReads, FuseOptions.parse("nocache_page"))) {
      Files.writeString(fs.dir.resolve("slow"), "data");
      Process reader = new ProcessBuilder("cat", fs.dir.resolve("slow").toString()).start();
      awaitInFlight(fs, reader);
      reader.destroyForcibly();
      assertTrue(reader.waitFor(SLOW.toSeconds() / 2, TimeUnit.SECONDS),
          "the killed reader stayed stuck in READ until the server answered");
      // The mount goes on serving; the kernel's own read-ahead READs finish when the server is done with them.
      assertEquals("4", fs.sh("echo -n 1234 > other && stat -c %s other").trim());
      awaitNoneInFlight(fs);
    }
  }

  @Test
  void aKilledLockWaiterLeavesNoLockBehind() throws Exception {
    try (FuseFixture fs = FuseFixture.mount(testKit, new MemFs(), FuseOptions.DEFAULT)) {
      Path file = fs.dir.resolve("locked");
      Files.writeString(file, "x");
      Process waiter;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        waiter = new ProcessBuilder("perl", "-e", SETLKW, file.toString()).start();
        awaitInFlight(fs, waiter);
        waiter.destroyForcibly();
        assertTrue(waiter.waitFor(20, TimeUnit.SECONDS), "the killed waiter stayed stuck in SETLKW");
        // Its exit closes the file (FLUSH, which drops its locks); the abandoned SETLKW is no longer the kernel's.
        awaitNoneInFlight(fs);
      }
      // The lock the server granted the dead waiter once the test's lock went is given back: a new waiter gets it.
      Process next = new ProcessBuilder("timeout", "20", "perl", "-e", SETLKW, file.toString())
          .redirectErrorStream(true).start();
      String out = new String(next.getInputStream().readAllBytes());
      assertTrue(next.waitFor(30, TimeUnit.SECONDS));
      assertEquals(List.of(0, "locked"), List.of(next.exitValue(), out.trim()));
    }
  }

  /** Waits (bounded) until the server has answered everything, so the mount can be unmounted. */
  private static void awaitNoneInFlight(FuseFixture fs) throws InterruptedException {
    long deadline = System.nanoTime() + SLOW.multipliedBy(3).toNanos();
    while (fs.fuse.requestsInFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, fs.fuse.requestsInFlight());
  }

  /** Waits (bounded) until {@code process} has a request in the bridge that the server has not answered. */
  private static void awaitInFlight(FuseFixture fs, Process process) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fs.fuse.requestsInFlight() < 1) {
      if (!process.isAlive()) {
        throw new AssertionError("the process ended (" + process.exitValue() + "): "
            + new String(process.getErrorStream().readAllBytes()) + new String(process.getInputStream().readAllBytes()));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no request reached the server");
      }
      Thread.sleep(10);
    }
  }
}
