package org.jpuffs.persistence.journal;

import java.util.Optional;

/**
 * Whether leveldbjni's native library loads on this machine. leveldbjni 1.8 ships x86-64 Linux and macOS builds only
 * (no Linux aarch64, no macOS arm64) and unpacks its library into {@code java.io.tmpdir}, which fails on a
 * {@code noexec} mount; where it fails, the journal runs on the pure-Java port instead.
 */
public final class LevelDbNative {

  private static volatile Optional<String> failure;

  private LevelDbNative() {}

  /** Empty if the native library loads, else why it does not. Checked once per JVM. */
  public static Optional<String> unavailableBecause() {
    Optional<String> known = failure;
    if (known == null) {
      known = probe();
      failure = known;
    }
    return known;
  }

  private static Optional<String> probe() {
    try {
      // The class's static initializer loads the library.
      Class.forName("org.fusesource.leveldbjni.internal.NativeDB", true, LevelDbNative.class.getClassLoader());
      return Optional.empty();
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of(e.toString());
    }
  }
}
