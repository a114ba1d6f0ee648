package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * PUFFSOP_ERROR: the engine tells the server that one of its replies broke the protocol ({@code puffs_senderr}). The
 * engine failed the operation locally with EPROTO; this report is for the server's {@code onError} hook. Always
 * fire-and-forget; the offending node's cookie, if any, is in the request header.
 *
 * @param type what kind of violation
 * @param error the offending value or the errno describing it (E2BIG for "resid grew", the bad value for checkerr)
 * @param text a human-readable description, at most {@link PuffsConstants#ERROR_TEXT_MAX} characters
 */
public record ErrorReport(PuffsErr type, Errno error, String text) implements Op {
  public ErrorReport {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(text, "text");
    // perr_str is a 256-byte buffer filled with strlcpy.
    if (text.length() > PuffsConstants.ERROR_TEXT_MAX) {
      text = text.substring(0, PuffsConstants.ERROR_TEXT_MAX);
    }
  }

  @Override
  public OpClass opclass() {
    return OpClass.ERROR;
  }

  @Override
  public int optype() {
    return type.code();
  }

  @Override
  public String typeName() {
    return type.name();
  }

  @Override
  public Class<? extends OpReply> replyType() {
    return OpReply.None.class;
  }

  @Override
  public boolean alwaysFaf() {
    return true;
  }
}
