package org.jpuffs.engine.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jpuffs.api.server.remote.TlsStores;

/**
 * Throwaway key material made at test time with the JDK's {@code keytool}: a "trusted" node key whose certificate is
 * in the trust store (engine and good servers share it), and a "rogue" key with a self-signed certificate that no trust
 * store holds. Nothing is committed; the files live in the test's temporary directory.
 */
final class TestKeyStores {

  final String password = "pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
  final Path trusted;
  final Path rogue;
  final Path trustStore;

  TestKeyStores(Path dir) {
    trusted = dir.resolve("trusted.p12");
    rogue = dir.resolve("rogue.p12");
    trustStore = dir.resolve("truststore.p12");
    Path cert = dir.resolve("trusted.crt");
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=jpuffs-test-node", "-validity", "2", "-storetype", "PKCS12", "-keystore", trusted.toString(),
        "-storepass", password, "-keypass", password);
    keytool("-genkeypair", "-alias", "rogue", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=jpuffs-test-rogue", "-validity", "2", "-storetype", "PKCS12", "-keystore", rogue.toString(),
        "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-alias", "node", "-keystore", trusted.toString(), "-storepass", password,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "node", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", password);
  }

  /** The stores of a node that presents {@code key} and trusts the trusted certificate. */
  TlsStores stores(Path key) {
    return new TlsStores(key, password, trustStore, password);
  }

  /** The same as system properties for a server JVM. */
  List<String> props(Path key) {
    String ssl = "-Dpekko.remote.artery.ssl.config-ssl-engine.";
    return List.of("-Dpekko.remote.artery.transport=tls-tcp",
        ssl + "key-store=" + key, ssl + "key-store-password=" + password, ssl + "key-password=" + password,
        ssl + "trust-store=" + trustStore, ssl + "trust-store-password=" + password,
        ssl + "require-mutual-authentication=on");
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("keytool", ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(log));
      }
    } catch (IOException e) {
      throw new IllegalStateException("keytool " + args[0] + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
