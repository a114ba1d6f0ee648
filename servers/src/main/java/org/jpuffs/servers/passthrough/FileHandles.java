package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.PuffsException;

/**
 * The passthrough file handle: 24 bytes, {@code (dev, ino, gen)}, each a big-endian 64-bit number.
 *
 * <p>{@code ino} is the cookie, so a handle outlives a server restart the same way cookies do. {@code gen} guards
 * against inode reuse (a file removed and another created with the same inode number): the JDK does not expose
 * {@code i_generation}, so the generation is the inode's birth time in nanoseconds, which a new inode never shares
 * with an old one. Where the JDK has no birth time it reports mtime instead, which changes on every write; a probe at
 * class initialisation detects that and then leaves generations out (gen 0, not checked), and the reuse hazard is
 * documented instead.
 */
final class FileHandles {

  /** The handle size the server declares ({@code puffs_setfhsize}). */
  static final int SIZE = 24;

  private static final boolean BIRTH_TIMES = probeBirthTimes();

  private FileHandles() {}

  /** {@code true} if generations are in use (the JDK reports real birth times). */
  static boolean generationsInUse() {
    return BIRTH_TIMES;
  }

  /** The generation of {@code attrs}'s inode: its birth time in nanoseconds, or 0 without birth times. */
  static long generation(HostAttributes attrs) {
    if (!BIRTH_TIMES) {
      return 0;
    }
    Instant birth = attrs.btime().toInstant();
    return birth.getEpochSecond() * 1_000_000_000L + birth.getNano();
  }

  /**
   * The cookie of inode {@code ino} of generation {@code gen}: the inode number with the generation folded into its
   * upper 32 bits. A host that gives a removed file's number to a new file (ext4 does at once) thus gives it another
   * cookie, so the engine never meets a new node under the cookie of one it still holds; and since both numbers are
   * the host's, a restarted server gives every node the cookie it had (reattach recovery relies on that). Without
   * birth times (gen 0) the cookie is the inode number.
   */
  static long cookieOf(long ino, long gen) {
    if (gen == 0) {
      return ino;
    }
    long mixed = gen * 0x9E3779B97F4A7C15L;
    long cookie = ino ^ (mixed & 0xFFFF_FFFF_0000_0000L);
    return cookie == 0 ? ino : cookie;
  }

  /** The handle of {@code attrs}'s inode. */
  static FileHandle encode(HostAttributes attrs) {
    ByteBuffer buffer = ByteBuffer.allocate(SIZE);
    buffer.putLong(attrs.dev()).putLong(attrs.ino()).putLong(generation(attrs));
    return FileHandle.of(buffer.array());
  }

  /**
   * The {@code (dev, ino, gen)} of a handle.
   *
   * @throws PuffsException ESTALE if it is not one of these handles
   */
  static long[] decode(FileHandle handle) {
    if (handle.size() != SIZE) {
      throw new PuffsException(Errno.ESTALE, "not a passthrough handle: " + handle.size() + " bytes");
    }
    ByteBuffer buffer = handle.data().asReadOnlyBuffer();
    return new long[] {buffer.getLong(), buffer.getLong(), buffer.getLong()};
  }

  /**
   * Checks that {@code node} is the inode {@code handle} was made for.
   *
   * @throws PuffsException ESTALE if its device or generation differ
   */
  static void check(long[] handle, HostAttributes node) {
    if (handle[0] != node.dev() || handle[1] != node.ino()) {
      throw new PuffsException(Errno.ESTALE, "handle of another inode");
    }
    if (handle[2] != 0 && handle[2] != generation(node)) {
      throw new PuffsException(Errno.ESTALE, "inode reused since the handle was made");
    }
  }

  /** Sets a probe file's mtime far back: a JDK that reports mtime as creation time then shows it. */
  private static boolean probeBirthTimes() {
    Path probe = null;
    try {
      probe = Files.createTempFile("jpuffs-btime", ".probe");
      Files.setLastModifiedTime(probe, FileTime.fromMillis(1000));
      BasicFileAttributes attrs = Files.readAttributes(probe, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return !attrs.creationTime().equals(attrs.lastModifiedTime());
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          // A leftover probe in the temporary directory is harmless.
        }
      }
    }
  }
}
