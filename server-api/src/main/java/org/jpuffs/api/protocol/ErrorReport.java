package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * PUFFSOP_ERROR: the engine tells the server that one of its replies broke the protocol ({@code puffs_senderr}). The
 * engine failed the operation locally with EPROTO; this report is for the server's {@code onError} hook. Always
 * fire-and-forget; the offending node's cookie, if any, is in the request header.
 *
 * @param type what kind of violation
 * @param error the offending value or the errno describing it (E2BIG for "resid grew", the bad value for checkerr)
 * @param text a human-readable description, cut to {@link PuffsConstants#ERROR_TEXT_MAX} UTF-8 bytes
 */
public record ErrorReport(PuffsErr type, Errno error, String text) implements Op {
  public ErrorReport {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(text, "text");
    text = cutToBytes(text, PuffsConstants.ERROR_TEXT_MAX);
  }

  /** perr_str is a 256-byte buffer filled with strlcpy: at most 255 UTF-8 bytes, never half a character. */
  private static String cutToBytes(String text, int maxBytes) {
    if (text.length() * 3 <= maxBytes) {
      return text;
    }
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
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
