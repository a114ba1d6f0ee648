package org.jpuffs.api.server.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the configuration of an actor system that speaks Artery: {@code jpuffs-remote.conf} under the caller's
 * overrides, over the application's configuration. Only systems built from it are remote; a plain
 * {@code ConfigFactory.load()} stays local.
 */
public final class RemoteConfig {

  /** The resource with the remote defaults (provider, frame size, failure detector). */
  public static final String RESOURCE = "jpuffs-remote.conf";

  private RemoteConfig() {}

  /**
   * A server process's configuration: Artery bound to {@code host:port} (0 picks a free port).
   *
   * @param overrides settings that win over the remote defaults (TLS stores, failure detector, ...)
   * @param base the application's configuration, usually {@code ConfigFactory.load()}
   */
  public static Config server(Config overrides, Config base, String host, int port) {
    return layered(bind(host, port), overrides, base);
  }

  /**
   * An engine's configuration: Artery bound to {@code host:port} and in untrusted mode, so that a server can send
   * neither system messages (watch, stop) nor PossiblyHarmful ones, nor reach any actor by selection except the
   * reception. Servers therefore only reach the actors whose refs the engine gave them: their own mount's.
   */
  public static Config engine(Config overrides, Config base, String host, int port) {
    Config remote = layered(bind(host, port), overrides, base);
    String reception = "/system/" + remote.getString("jpuffs.remote.reception-name");
    Config untrusted = ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.untrusted-mode", true,
        "pekko.remote.artery.trusted-selection-paths", List.of(reception)));
    return overrides.withFallback(untrusted).withFallback(remote).resolve();
  }

  /**
   * {@code config} with Artery's {@code tls-tcp} transport and mutual authentication: this node presents the key in
   * {@code stores.keyStore()} and accepts only peers whose certificate {@code stores.trustStore()} trusts.
   */
  public static Config withTls(Config config, TlsStores stores) {
    Objects.requireNonNull(stores, "stores");
    String ssl = "pekko.remote.artery.ssl.config-ssl-engine.";
    return config
        .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
        .withValue(ssl + "key-store", ConfigValueFactory.fromAnyRef(stores.keyStore().toString()))
        .withValue(ssl + "key-store-password", ConfigValueFactory.fromAnyRef(stores.keyStorePassword()))
        .withValue(ssl + "key-password", ConfigValueFactory.fromAnyRef(stores.keyStorePassword()))
        .withValue(ssl + "trust-store", ConfigValueFactory.fromAnyRef(stores.trustStore().toString()))
        .withValue(ssl + "trust-store-password", ConfigValueFactory.fromAnyRef(stores.trustStorePassword()))
        .withValue(ssl + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true));
  }

  private static Config bind(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    return ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.canonical.hostname", host,
        "pekko.remote.artery.canonical.port", port));
  }

  private static Config layered(Config binding, Config overrides, Config base) {
    Objects.requireNonNull(overrides, "overrides");
    Objects.requireNonNull(base, "base");
    return overrides.withFallback(binding).withFallback(ConfigFactory.parseResources(RESOURCE)).withFallback(base)
        .resolve();
  }
}
