package org.jpuffs.api.server.remote;

/** A server could not register with the engine: refused (wrong token, unknown mount) or no answer. */
public final class RegistrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistrationException(String message) {
    super(message);
  }
}
