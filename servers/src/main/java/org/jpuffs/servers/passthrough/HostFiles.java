package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/**
 * File data on the host: positional reads and writes through {@link FileChannel}, size changes, allocation and
 * zeroing. Every channel is opened with {@code O_NOFOLLOW} and closed before returning, so the server holds no host
 * descriptors between requests.
 */
final class HostFiles {

  /** Zeros are written in chunks of this size. */
  private static final int ZERO_CHUNK = 64 * 1024;

  private HostFiles() {}

  /** Up to {@code resid} bytes from {@code offset}; fewer at end of file. */
  static Bytes read(Path path, long offset, long resid) {
    checkRange(offset, resid);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long available = Math.max(0, channel.size() - offset);
      int want = (int) Math.min(Math.min(resid, available), Integer.MAX_VALUE - 8);
      ByteBuffer buffer = ByteBuffer.allocate(want);
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, offset + buffer.position());
        if (n < 0) {
          break;
        }
      }
      buffer.flip();
      return buffer.remaining() == buffer.capacity() ? Bytes.adopt(buffer.array()) : Bytes.of(buffer);
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /**
   * Writes {@code data} at {@code offset}, or at the end of the file with {@code append} ({@code O_APPEND}: the host
   * places it, so concurrent appends do not overwrite each other).
   */
  static void write(Path path, long offset, boolean append, Bytes data) {
    checkRange(offset, data.size());
    try (FileChannel channel = append
        ? FileChannel.open(path, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)
        : FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = data.asReadOnlyBuffer();
      while (buffer.hasRemaining()) {
        if (append) {
          channel.write(buffer);
        } else {
          channel.write(buffer, offset + buffer.position());
        }
      }
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /** Truncates to {@code size} or extends to it with a hole (zeros on read). */
  static void setSize(Path path, long size) {
    if (size < 0) {
      throw new PuffsException(Errno.EINVAL, "negative size");
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      long current = channel.size();
      if (size < current) {
        channel.truncate(size);
      } else if (size > current) {
        // FileChannel.truncate never extends; one byte at the new end does, leaving a sparse hole before it.
        channel.write(ByteBuffer.allocate(1), size - 1);
      }
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /**
   * FALLOCATE without {@code posix_fallocate}: writes zeros into the part of {@code [offset, offset + length)} beyond
   * the end of the file, so that storage is really taken (ENOSPC now rather than at a later write). Holes inside the
   * file stay holes.
   */
  static void allocate(Path path, long offset, long length) {
    checkLength(offset, length);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      writeZeros(channel, Math.max(channel.size(), offset), offset + length);
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /**
   * FDISCARD without hole punching: the range reads as zeros afterwards, and the size stays. The storage is not
   * freed, which FDISCARD allows.
   */
  static void discard(Path path, long offset, long length) {
    checkLength(offset, length);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      writeZeros(channel, offset, Math.min(channel.size(), offset + length));
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  /** Forces the file's data (and with {@code metadata} its attributes) to stable storage. */
  static void fsync(Path path, boolean metadata) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      channel.force(metadata);
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
  }

  private static void writeZeros(FileChannel channel, long from, long to) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK, Math.max(0, to - from)));
    for (long pos = from; pos < to; ) {
      zeros.clear();
      zeros.limit((int) Math.min(zeros.capacity(), to - pos));
      pos += channel.write(zeros, pos);
    }
  }

  private static void checkRange(long offset, long count) {
    if (offset < 0 || count < 0) {
      throw new PuffsException(Errno.EINVAL, "negative offset or count");
    }
    if (offset + count < 0) {
      throw new PuffsException(Errno.EFBIG);
    }
  }

  private static void checkLength(long offset, long length) {
    if (offset < 0 || length <= 0) {
      throw new PuffsException(Errno.EINVAL, "bad range");
    }
    if (offset + length < 0) {
      throw new PuffsException(Errno.EFBIG);
    }
  }
}
