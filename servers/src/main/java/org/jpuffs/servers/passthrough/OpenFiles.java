package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.Vattr;

/**
 * Open counts of the server's regular files, and the files whose last name was removed while they were open
 * ("orphans"). A file system keeps an unlinked open file alive until its last close; this server finds nodes by
 * path, so before it removes an open file's last name it opens the host file and keeps the descriptor: reads, writes,
 * fstat, ftruncate and fsync of the orphan then go through that descriptor until the last CLOSE (or the node's
 * RECLAIM) lets it go, and the host frees the inode. Only orphans hold host descriptors between requests.
 */
final class OpenFiles {
  private final Map<Cookie, Integer> opens = new ConcurrentHashMap<>();
  private final Map<Cookie, Orphan> orphans = new ConcurrentHashMap<>();

  /** An OPEN of {@code node} succeeded. */
  void opened(Cookie node) {
    opens.merge(node, 1, Integer::sum);
  }

  /** A CLOSE of {@code node}: at the last one an orphan is let go. */
  void closed(Cookie node) {
    Integer left = opens.computeIfPresent(node, (c, n) -> n <= 1 ? null : n - 1);
    if (left == null) {
      drop(node);
    }
  }

  /** The engine forgot {@code node}: nothing of it is open any more. */
  void reclaimed(Cookie node) {
    opens.remove(node);
    drop(node);
  }

  /** {@code true} if {@code node} is open. */
  boolean isOpen(Cookie node) {
    return opens.containsKey(node);
  }

  /** The orphan {@code node} is, or null. */
  Orphan orphan(Cookie node) {
    return orphans.get(node);
  }

  /**
   * Keeps {@code node}, whose last name at {@code path} is about to be removed, readable and writable: call before
   * removing it.
   */
  void adopt(Cookie node, Path path, HostAttributes attrs) {
    FileChannel channel;
    try {
      try {
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
      } catch (AccessDeniedException e) {
        channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw HostErrors.toPuffs(e);
    }
    Orphan previous = orphans.put(node, new Orphan(channel, attrs));
    if (previous != null) {
      previous.close();
    }
  }

  /** The number of orphans (for tests). */
  int orphans() {
    return orphans.size();
  }

  private void drop(Cookie node) {
    Orphan orphan = orphans.remove(node);
    if (orphan != null) {
      orphan.close();
    }
  }

  /** An open file without a name: its data through a kept descriptor, its attributes kept here. */
  static final class Orphan {
    private final FileChannel channel;
    private HostAttributes attrs;

    Orphan(FileChannel channel, HostAttributes attrs) {
      this.channel = channel;
      this.attrs = attrs;
    }

    /** Its attributes now: no links, the descriptor's size. */
    synchronized HostAttributes attributes() {
      try {
        long size = channel.size();
        return with(attrs.mode(), attrs.uid(), attrs.gid(), size, attrs.atime(), attrs.mtime(), attrs.ctime());
      } catch (IOException e) {
        throw HostErrors.toPuffs(e);
      }
    }

    synchronized Bytes read(long offset, long resid) {
      try {
        long available = Math.max(0, channel.size() - offset);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.min(resid, available), Integer.MAX_VALUE - 8));
        while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
          // until full or end of file
        }
        buffer.flip();
        return Bytes.of(buffer);
      } catch (IOException e) {
        throw HostErrors.toPuffs(e);
      }
    }

    synchronized void write(long offset, boolean append, Bytes data) {
      try {
        long at = append ? channel.size() : offset;
        ByteBuffer buffer = data.asReadOnlyBuffer();
        while (buffer.hasRemaining()) {
          channel.write(buffer, at + buffer.position());
        }
        FileTime now = FileTime.from(Instant.now());
        attrs = with(attrs.mode(), attrs.uid(), attrs.gid(), attrs.size(), attrs.atime(), now, now);
      } catch (IOException e) {
        throw HostErrors.toPuffs(e);
      }
    }

    synchronized void fsync() {
      try {
        channel.force(true);
      } catch (IOException e) {
        throw HostErrors.toPuffs(e);
      }
    }

    /**
     * SETATTR of the orphan: a size through the descriptor, everything else kept here (nobody can see the host
     * inode's other attributes any more). The owner rules of {@code chmod}, {@code chown} and {@code utimensat} hold.
     */
    synchronized HostAttributes setattr(Cred cred, Vattr va) {
      HostAttributes now = attributes();
      boolean owner = cred.isSuperuser() || cred.uid() == now.uid();
      int mode = now.mode();
      int uid = now.uid();
      int gid = now.gid();
      FileTime atime = now.atime();
      FileTime mtime = now.mtime();
      FileTime clock = FileTime.from(Instant.now());
      try {
        if (Vattr.isSet(va.size())) {
          Permissions.check(cred, now, org.jpuffs.api.protocol.AccessMode.VWRITE);
          if (va.size() < channel.size()) {
            channel.truncate(va.size());
          } else if (va.size() > channel.size()) {
            channel.write(ByteBuffer.allocate(1), va.size() - 1);
          }
          mtime = clock;
        }
      } catch (IOException e) {
        throw HostErrors.toPuffs(e);
      }
      if (Vattr.isSet(va.mode()) || Vattr.isSet(va.uid()) || Vattr.isSet(va.gid())) {
        if (!owner || (Vattr.isSet(va.uid()) && va.uid() != uid && !cred.isSuperuser())) {
          throw new PuffsException(Errno.EPERM, "not the owner of the unlinked file");
        }
        mode = Vattr.isSet(va.mode()) ? (mode & HostAttributes.S_IFMT) | ((int) va.mode() & 07777) : mode;
        uid = Vattr.isSet(va.uid()) ? (int) va.uid() : uid;
        gid = Vattr.isSet(va.gid()) ? (int) va.gid() : gid;
      }
      atime = time(va.atime(), atime, clock, owner);
      mtime = time(va.mtime(), mtime, clock, owner);
      attrs = with(mode, uid, gid, now.size(), atime, mtime, clock);
      return attributes();
    }

    private static FileTime time(Timespec t, FileTime current, FileTime clock, boolean owner) {
      if (t == null || t.equals(Timespec.VNOVAL) || t.nsec() == Timespec.UTIME_OMIT) {
        return current;
      }
      if (!owner && t.nsec() != Timespec.UTIME_NOW) {
        throw new PuffsException(Errno.EPERM, "only the owner sets times");
      }
      return t.nsec() == Timespec.UTIME_NOW ? clock
          : FileTime.from(Instant.ofEpochSecond(t.sec(), t.nsec()));
    }

    private HostAttributes with(int mode, int uid, int gid, long size, FileTime atime, FileTime mtime,
        FileTime ctime) {
      return new HostAttributes(mode, attrs.ino(), attrs.dev(), attrs.rdev(), 0, uid, gid, size, atime, mtime, ctime,
          attrs.btime());
    }

    synchronized void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // The descriptor of a file nobody can name any more: nothing to report to anyone.
      }
    }
  }
}
