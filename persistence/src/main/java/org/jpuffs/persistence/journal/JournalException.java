package org.jpuffs.persistence.journal;

/** The journal cannot be read (corrupt, missing, or its store fails): the engine refuses to invent state. */
public final class JournalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
