package org.jpuffs.engine.replay;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jpuffs.api.protocol.Bytes;

/** SHA-256 as lower-case hex, the content hash of {@link org.jpuffs.persistence.oplog.StateSummary}. */
final class Checksums {

  private Checksums() {}

  /** The SHA-256 of {@code data}. */
  static String sha256(Bytes data) {
    return HexFormat.of().formatHex(digest().digest(data.toByteArray()));
  }

  /** A fresh SHA-256 digest. */
  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
