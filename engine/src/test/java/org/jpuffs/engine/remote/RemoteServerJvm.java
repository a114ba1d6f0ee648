package org.jpuffs.engine.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server JVM started with the test class path on loopback, for servers that must really be in another process. Its
 * stdout lines are queued for {@link #awaitLine}; stderr goes to a file kept for {@link #toString()} on failure.
 */
public final class RemoteServerJvm implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private RemoteServerJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::pump, "stdout of pid " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * A server JVM ({@link RemoteServerMain}) for {@code mount} of {@code engine} with {@code fs} ("memfs",
   * "passthrough:DIR"); {@code props} ("-Dk=v") configure its Artery.
   */
  public static RemoteServerJvm start(RemoteEngine engine, String mount, String token, String fs, List<String> props) {
    List<String> all = new ArrayList<>(props);
    all.add("-Dconfig.resource=application-test.conf");
    if (Boolean.getBoolean("jpuffs.test.trace")) {
      all.add("-Djpuffs.test.trace=true");
    }
    return start(RemoteServerMain.class, all, List.of(engine.address().toString(), mount, token, fs));
  }

  /** Starts {@code mainClass} with {@code args} and the system properties {@code props} ("-Dk=v" entries). */
  static RemoteServerJvm start(Class<?> mainClass, List<String> props, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.addAll(props);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass.getName());
    command.addAll(args);
    try {
      Path stderr = Files.createTempFile("jpuffs-server-", ".stderr");
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      return new RemoteServerJvm(process, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Surefire runs tests from a manifest-only jar; the real class path is in this property then. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isEmpty() ? surefire : System.getProperty("java.class.path");
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("stdout failed: " + e);
    }
  }

  /** The next stdout line starting with {@code prefix}; earlier other lines are skipped. */
  public String awaitLine(String prefix) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    try {
      while (true) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no line starting with '" + prefix + "' from " + this);
        }
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit() {
    try {
      if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("still running: " + this);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** SIGKILL: on Unix {@link Process#destroyForcibly} sends it, so the JVM gets no chance to say goodbye. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    String err;
    try {
      err = Files.readString(stderr);
    } catch (IOException e) {
      err = "(stderr unreadable: " + e + ")";
    }
    return "server pid " + process.pid() + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
        + ", stderr:\n" + err;
  }
}
