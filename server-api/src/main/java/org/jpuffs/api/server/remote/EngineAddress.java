package org.jpuffs.api.server.remote;

import java.util.Objects;

/**
 * Where an engine listens for servers: the host and port of its Artery endpoint.
 *
 * @param host host name or address, as the engine's {@code canonical.hostname}
 * @param port its {@code canonical.port}
 */
public record EngineAddress(String host, int port) {

  /** The engine's actor system name ({@code PuffsEngine.start} names its system so). */
  public static final String SYSTEM_NAME = "jpuffs";

  public EngineAddress {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("empty engine host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("engine port out of range: " + port);
    }
  }

  /**
   * Parses {@code HOST:PORT}; an IPv6 host goes in brackets ({@code [::1]:2552}).
   *
   * @throws IllegalArgumentException if {@code text} is not of that form
   */
  public static EngineAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("not HOST:PORT: " + text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not HOST:PORT: " + text, e);
    }
    return new EngineAddress(host, port);
  }

  /** The actor path of the engine's server reception named {@code receptionName} (a system actor). */
  public String receptionPath(String receptionName) {
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    return "pekko://" + SYSTEM_NAME + "@" + hostPart + ":" + port + "/system/" + receptionName;
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
