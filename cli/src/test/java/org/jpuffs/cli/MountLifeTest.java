package org.jpuffs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The life of a {@code jpuffs mount} process: it prints its line once the kernel initialised the mount, unmounts
 * on SIGTERM and Ctrl-C (SIGINT), leaves a stale mount only when killed outright, and the next mount reports that
 * stale mount instead of failing obscurely. Needs root and /dev/fuse, like the fuse module's tests.
 */
@EnabledIf("org.jpuffs.cli.MountLifeTest#fuseAvailable")
class MountLifeTest {
  private Path dir;

  static boolean fuseAvailable() {
    return Files.isReadable(Path.of("/dev/fuse")) && Files.isWritable(Path.of("/dev/fuse"))
        && "root".equals(System.getProperty("user.name"));
  }

  @BeforeEach
  void mountPoint() throws IOException {
    dir = Files.createTempDirectory("jpuffs-life-");
  }

  @AfterEach
  void cleanUp() throws IOException, InterruptedException {
    if (mounted(dir)) {
      new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
    }
    Files.deleteIfExists(dir);
  }

  @Test
  void sigtermUnmountsCleanly() throws Exception {
    Process p = startMount(List.of(), "life");
    Files.writeString(dir.resolve("f"), "data");
    p.destroy();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
    assertFalse(mounted(dir), "no mount left at " + dir);
  }

  @Test
  void ctrlCUnmountsCleanly() throws Exception {
    Process p = startMount(List.of(), "life");
    signal(p, "INT");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits after SIGINT");
    assertFalse(mounted(dir), "no mount left at " + dir);
  }

  @Test
  void umountEndsTheMountProcessWithExitZero() throws Exception {
    Process p = startMount(List.of(), "life");
    assertEquals(0, jpuffs(List.of("umount", dir.toString())).waitFor());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertFalse(mounted(dir));
  }

  @Test
  void staleMountOfAKilledServerIsDetectedAndReported() throws Exception {
    Process p = startMount(List.of(), "life");
    signal(p, "KILL");
    p.waitFor(30, TimeUnit.SECONDS);
    assertTrue(mounted(dir), "a killed server leaves its mount behind");

    Process again = jpuffs(List.of("mount", dir.toString()));
    String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, again.exitValue(), out);
    assertTrue(out.contains("stale FUSE mount"), out);

    assertEquals(0, jpuffs(List.of("umount", dir.toString())).waitFor());
    assertFalse(mounted(dir));
  }

  @Test
  void unknownMountOptionIsAUsageError() throws Exception {
    Process p = jpuffs(List.of("mount", "-o", "bogus", dir.toString()));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("unknown mount option 'bogus'"), out);
  }

  /**
   * A user who is not root mounts through fusermount3, which passes the /dev/fuse descriptor back over a socket.
   * /dev/fuse is 0600 on these machines, so it is opened up for the test and restored afterwards; the class path is
   * copied where {@code nobody} can read it.
   */
  @Test
  void fusermount3MountsForAUserWhoIsNotRoot() throws Exception {
    Path fuse = Path.of("/dev/fuse");
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(fuse);
    Path copy = Files.createTempDirectory("jpuffs-cp-");
    try {
      Files.setPosixFilePermissions(fuse, PosixFilePermissions.fromString("rw-rw-rw-"));
      String classPath = readableClassPath(copy);
      sh("mkdir -m 1777 " + copy.resolve("jna") + " && chmod -R a+rX " + copy + " && chown 65534:65534 " + dir);
      List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djna.tmpdir=" + copy.resolve("jna"),
          "-Djpuffs.journal=in-memory",
          "-cp", classPath, Jpuffs.class.getName());
      List<String> mount = new ArrayList<>(asNobody);
      mount.addAll(List.of("mount", "--name", "nobodys", "--record", "none", dir.toString()));
      Process p = new ProcessBuilder(mount).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("mounted nobodys at " + dir, lines.readLine());
      String entry = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
          .filter(l -> l.split(" ")[1].equals(dir.toString())).findFirst().orElseThrow();
      assertTrue(entry.contains("fuse.jpuffs") && entry.contains("user_id=65534"), entry);

      List<String> umount = new ArrayList<>(asNobody);
      umount.addAll(List.of("umount", dir.toString()));
      assertEquals(0, new ProcessBuilder(umount).inheritIO().start().waitFor());
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      assertFalse(mounted(dir));
    } finally {
      Files.setPosixFilePermissions(fuse, mode);
      sh("rm -rf " + copy);
    }
  }

  private static String readableClassPath(Path copy) throws IOException, InterruptedException {
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path target = copy.resolve(i++ + "-" + Path.of(entry).getFileName());
      sh("cp -r " + entry + " " + target);
      entries.add(target.toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static void sh(String command) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor(), command);
  }

  /** Starts {@code jpuffs mount} and waits for its "mounted" line. */
  private Process startMount(List<String> extra, String name) throws IOException {
    List<String> args = new ArrayList<>(List.of("mount", "--name", name, "--record", "none"));
    args.addAll(extra);
    args.add(dir.toString());
    Process p = jpuffs(args);
    BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    assertEquals("mounted " + name + " at " + dir, line);
    assertTrue(mounted(dir));
    return p;
  }

  /** {@code jpuffs ARGS} in a JVM of its own; it journals in memory, so no two test mounts share a data dir. */
  static Process jpuffs(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djpuffs.journal=in-memory", "-cp", System.getProperty("java.class.path"), Jpuffs.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  static boolean mounted(Path dir) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .anyMatch(l -> l.split(" ")[1].equals(dir.toString()));
  }

  private static void signal(Process p, String signal) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
  }
}
