package org.jpuffs.fuse.kernel;

/** A request whose bytes do not match its opcode's layout; it is answered EINVAL, the session goes on. */
public final class MalformedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedRequestException(String message) {
    super(message);
  }
}
