package org.jpuffs.servers.memfs;

import java.util.ArrayList;
import java.util.List;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;

/**
 * One READDIR answer: "." and ".." at their fixed offsets, then a {@link Directory}'s entries from the offset on,
 * as many as fit in {@code resid} bytes of {@link DirEntry#recordLength()} and, when NFS cookies are wanted, in
 * {@code ncookies} entries. The caller holds the tree lock.
 */
final class DirectoryListing {
  private final int max;
  private final List<DirEntry> entries = new ArrayList<>();
  private final List<Long> cookies = new ArrayList<>();
  private long offset;
  private long left;
  private boolean full;

  private DirectoryListing(long offset, long resid, int ncookies) {
    this.offset = offset;
    this.left = resid;
    this.max = ncookies > 0 ? ncookies : Integer.MAX_VALUE;
  }

  /**
   * The entries of directory {@code d} from {@code offset}.
   *
   * @throws PuffsException EINVAL if not even the next entry fits (Linux {@code getdents})
   */
  static OpReply.Entries list(Node d, long offset, long resid, int ncookies) {
    Node parent = d.dir.parent();
    if (parent == null) {
      // removed: not even "." and ".." are left, as on Linux
      return new OpReply.Entries(List.of(), List.of(), offset, resid, true);
    }
    DirectoryListing l = new DirectoryListing(offset, resid, ncookies);
    if (l.offset == Directory.DOT) {
      l.add(new DirEntry(d.inode, ".", VType.VDIR), Directory.DOTDOT);
    }
    if (l.offset == Directory.DOTDOT) {
      l.add(new DirEntry(parent.inode, "..", VType.VDIR), Directory.FIRST_SEQ);
    }
    if (!l.full) {
      for (Directory.Entry e : d.dir.from(l.offset)) {
        if (!l.add(new DirEntry(e.node().inode, e.name(), e.node().type), e.seq() + 1)) {
          break;
        }
      }
    }
    boolean eof = l.offset >= Directory.FIRST_SEQ && d.dir.from(l.offset).isEmpty();
    if (l.entries.isEmpty() && !eof) {
      throw new PuffsException(Errno.EINVAL, "a buffer of " + resid + " bytes cannot hold the next entry");
    }
    return new OpReply.Entries(l.entries, ncookies > 0 ? l.cookies : List.of(), l.offset, l.left, eof);
  }

  /** Adds {@code e} if it fits; {@code next} is the offset after it. */
  private boolean add(DirEntry e, long next) {
    if (full || entries.size() >= max || e.recordLength() > left) {
      full = true;
      return false;
    }
    entries.add(e);
    left -= e.recordLength();
    offset = next;
    cookies.add(next);
    return true;
  }
}
