package org.jpuffs.servers.passthrough;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/**
 * READDIR offsets for a directory the server does not own: a stateless scheme in the manner of ext4's hashed
 * directory offsets.
 *
 * <p>Every name has a fixed offset, a 62-bit hash of its bytes ({@code "."} is 1 and {@code ".."} is 2, hashes are
 * at least 3). Entries are returned in offset order, and the offset a READDIR answers is the offset of the last entry
 * it returned; the next READDIR returns the entries with a larger offset. So names created or removed between two
 * READDIRs never make an already returned name come again or a name that stayed be skipped (a new name appears or
 * not, depending on where its hash falls), offsets survive a server restart, and the server keeps no cursor. Names
 * with equal hashes (one pair in about 2^31 names per directory) are never split across two replies. The price: each
 * READDIR lists and sorts the whole directory.
 */
final class DirectoryOffsets {

  /** The offset after {@code "."}. */
  static final long DOT = 1;
  /** The offset after {@code ".."}. */
  static final long DOTDOT = 2;
  private static final long FIRST_NAME = 3;

  /**
   * A name with its offset.
   *
   * @param name the entry's name
   * @param offset the offset that continues after it
   */
  record Slot(String name, long offset) {
    int recordLength() {
      return new DirEntry(0, name, org.jpuffs.api.protocol.VType.VNON).recordLength();
    }
  }

  private DirectoryOffsets() {}

  /** The offset of entry {@code name}. */
  static long offsetOf(String name) {
    if (name.equals(".")) {
      return DOT;
    }
    if (name.equals("..")) {
      return DOTDOT;
    }
    // FNV-1a over the UTF-8 bytes, then murmur3's finalizer to spread the bits.
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    long offset = h >>> 2;
    return offset < FIRST_NAME ? offset + FIRST_NAME : offset;
  }

  /**
   * The slots of {@code names} (plus "." and ".."), in offset order, that come after {@code offset}.
   *
   * @param names the directory's entries as the host lists them (without "." and "..")
   */
  static List<Slot> after(long offset, List<String> names) {
    List<Slot> slots = new ArrayList<>(names.size() + 2);
    slots.add(new Slot(".", DOT));
    slots.add(new Slot("..", DOTDOT));
    for (String name : names) {
      slots.add(new Slot(name, offsetOf(name)));
    }
    slots.removeIf(s -> s.offset() <= offset);
    slots.sort(Comparator.comparingLong(Slot::offset).thenComparing(Slot::name));
    return slots;
  }

  /**
   * How many of {@code slots} fit one reply: entries of at most {@code resid} bytes in all and, when
   * {@code ncookies > 0}, at most that many; never splitting a group of equal offsets.
   *
   * @throws PuffsException EINVAL if not even the first entry (or group) fits, as {@code getdents} answers
   */
  static int fit(List<Slot> slots, long resid, int ncookies) {
    long used = 0;
    int n = 0;
    while (n < slots.size()) {
      int len = slots.get(n).recordLength();
      if (used + len > resid || (ncookies > 0 && n == ncookies)) {
        break;
      }
      used += len;
      n++;
    }
    if (n < slots.size()) {
      int whole = n;
      while (whole > 0 && slots.get(whole).offset() == slots.get(whole - 1).offset()) {
        whole--;
      }
      n = whole;
      if (n == 0) {
        throw new PuffsException(Errno.EINVAL, "READDIR buffer too small for one entry");
      }
    }
    return n;
  }
}
