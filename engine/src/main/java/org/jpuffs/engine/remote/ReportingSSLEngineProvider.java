package org.jpuffs.engine.remote;

import javax.net.ssl.SSLEngine;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;

/**
 * Artery's configured TLS engines ({@code pekko.remote.artery.ssl.config-ssl-engine}), where each server-side engine
 * publishes a {@link ReportingSSLEngine.HandshakeFailed} on the event stream when a peer's handshake fails: no
 * certificate, one the trust store does not accept, or no TLS at all. {@link ConnectionRefusals} names the peer.
 */
public final class ReportingSSLEngineProvider extends ConfigSSLEngineProvider {

  private final ActorSystem system;

  /** Artery instantiates the provider reflectively with the actor system. */
  public ReportingSSLEngineProvider(ActorSystem system) {
    super(system);
    this.system = system;
  }

  @Override
  public SSLEngine createServerSSLEngine(String hostname, int port) {
    return new ReportingSSLEngine(super.createServerSSLEngine(hostname, port),
        failure -> system.eventStream().publish(failure));
  }
}
