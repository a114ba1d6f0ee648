package org.jpuffs.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One directory entry of a READDIR reply ({@code struct dirent}).
 *
 * @param fileno the entry's file number (inode number)
 * @param name the entry's name
 * @param type the entry's type ({@code d_type}); {@link VType#VNON} if unknown
 */
public record DirEntry(long fileno, String name, VType type) implements PuffsSerializable {

  /** Offset of {@code d_name} in NetBSD's {@code struct dirent}: fileno 8, reclen 2, namlen 2, type 1. */
  private static final int NAME_OFFSET = 13;
  /** {@code _DIRENT_MINSIZE}: the record length of an entry with an empty name. */
  public static final int MIN_SIZE = recordLength(0);

  public DirEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /**
   * The bytes this entry takes in a READDIR buffer ({@code _DIRENT_RECLEN}: header, name, NUL, padded to 8). A server
   * fills at most {@code resid} bytes of these and reports what is left; the engine checks the sum.
   */
  public int recordLength() {
    return recordLength(name.getBytes(StandardCharsets.UTF_8).length);
  }

  private static int recordLength(int nameLength) {
    return (NAME_OFFSET + nameLength + 1 + 7) & ~7;
  }
}
