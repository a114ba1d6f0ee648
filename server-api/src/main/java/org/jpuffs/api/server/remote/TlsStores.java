package org.jpuffs.api.server.remote;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The key and trust stores of a node for Artery's {@code tls-tcp} (PKCS12 or JKS, as {@code keytool} makes them).
 *
 * @param keyStore this node's private key and certificate
 * @param keyStorePassword the key store's password, also used for the key
 * @param trustStore the certificates of the peers (or of the CA that signed them) this node accepts
 * @param trustStorePassword the trust store's password
 */
public record TlsStores(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
  public TlsStores {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(keyStorePassword, "keyStorePassword");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(trustStorePassword, "trustStorePassword");
  }

  /** Passwords stay out of logs. */
  @Override
  public String toString() {
    return "TlsStores[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
  }
}
