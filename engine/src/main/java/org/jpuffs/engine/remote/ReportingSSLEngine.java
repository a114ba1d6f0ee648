package org.jpuffs.engine.remote;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link SSLEngine} that does what its delegate does, and reports the first {@link SSLException} of its handshake
 * (the engine's side of a refused connection) before passing it on. The engine does not know the peer's address:
 * Pekko's TCP stage, which does, closes the connection right after ({@link ConnectionRefusals}).
 */
final class ReportingSSLEngine extends SSLEngine {

  /** A TLS handshake that failed on the engine's side, with why. */
  record HandshakeFailed(String cause) {}

  private final SSLEngine delegate;
  private final Consumer<HandshakeFailed> report;
  private boolean reported;
  private boolean handshakeDone;

  ReportingSSLEngine(SSLEngine delegate, Consumer<HandshakeFailed> report) {
    this.delegate = delegate;
    this.report = report;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  private SSLException reported(SSLException failure) {
    if (!reported) {
      reported = true;
      report.accept(new HandshakeFailed(failure.toString()));
    }
    return failure;
  }

  @Override
  public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
    try {
      return watched(delegate.wrap(srcs, offset, length, dst));
    } catch (SSLException e) {
      throw reported(e);
    }
  }

  @Override
  public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
    try {
      return watched(delegate.unwrap(src, dsts, offset, length));
    } catch (SSLException e) {
      throw reported(e);
    }
  }

  /**
   * A handshake that fails in a delegated task (the JDK checks the peer's certificate there) need not throw: the
   * engine sends its alert and closes. A close before the handshake finished is a refusal too.
   */
  private SSLEngineResult watched(SSLEngineResult result) {
    if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
      handshakeDone = true;
    } else if (result.getStatus() == SSLEngineResult.Status.CLOSED && !handshakeDone) {
      reported(new SSLException("the handshake ended before it completed (no certificate the trust store accepts)"));
    }
    return result;
  }

  @Override
  public Runnable getDelegatedTask() {
    return delegate.getDelegatedTask();
  }

  @Override
  public void closeInbound() throws SSLException {
    delegate.closeInbound();
  }

  @Override
  public boolean isInboundDone() {
    return delegate.isInboundDone();
  }

  @Override
  public void closeOutbound() {
    delegate.closeOutbound();
  }

  @Override
  public boolean isOutboundDone() {
    return delegate.isOutboundDone();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return delegate.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    delegate.setEnabledCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return delegate.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return delegate.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    delegate.setEnabledProtocols(protocols);
  }

  @Override
  public SSLSession getSession() {
    return delegate.getSession();
  }

  @Override
  public SSLSession getHandshakeSession() {
    return delegate.getHandshakeSession();
  }

  @Override
  public void beginHandshake() throws SSLException {
    try {
      delegate.beginHandshake();
    } catch (SSLException e) {
      throw reported(e);
    }
  }

  @Override
  public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
    return delegate.getHandshakeStatus();
  }

  @Override
  public void setUseClientMode(boolean mode) {
    delegate.setUseClientMode(mode);
  }

  @Override
  public boolean getUseClientMode() {
    return delegate.getUseClientMode();
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    delegate.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return delegate.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    delegate.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return delegate.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    delegate.setEnableSessionCreation(flag);
  }

  @Override
  public boolean getEnableSessionCreation() {
    return delegate.getEnableSessionCreation();
  }

  @Override
  public SSLParameters getSSLParameters() {
    return delegate.getSSLParameters();
  }

  @Override
  public void setSSLParameters(SSLParameters params) {
    delegate.setSSLParameters(params);
  }

  @Override
  public String getPeerHost() {
    return delegate.getPeerHost();
  }

  @Override
  public int getPeerPort() {
    return delegate.getPeerPort();
  }

  @Override
  public String getApplicationProtocol() {
    return delegate.getApplicationProtocol();
  }

  @Override
  public String getHandshakeApplicationProtocol() {
    return delegate.getHandshakeApplicationProtocol();
  }

  @Override
  public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
    delegate.setHandshakeApplicationProtocolSelector(selector);
  }

  @Override
  public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
    return delegate.getHandshakeApplicationProtocolSelector();
  }
}
