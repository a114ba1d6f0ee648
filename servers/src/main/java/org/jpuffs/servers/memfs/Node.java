package org.jpuffs.servers.memfs;

import java.util.Objects;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * One file-system object (an inode): its identity, attributes, and what its type carries — a {@link Directory}, the
 * {@link SparseData} of a regular file, a symlink's target, a device number.
 *
 * <p>Two guards, because data ops on different files should not wait for each other: the link count and the
 * directory are changed only under the tree's write lock; everything else mutable (mode, owner, times, data,
 * extended attributes, the lookup count) is read and written holding this node's monitor. Code never holds two node
 * monitors at once, so the monitors cannot deadlock.
 */
final class Node {
  /** The preferred I/O size reported in attributes. */
  static final long BLOCKSIZE = SparseData.CHUNK;

  final long inode;
  final long generation;
  final VType type;
  final long rdev;
  /** The entries, for VDIR; null otherwise. */
  final Directory dir;
  /** The bytes, for VREG; null otherwise. */
  final SparseData data;
  /** The target, for VLNK; null otherwise. */
  final String target;

  /** Names pointing here (for a directory: 2 + subdirectories). Guarded by the tree lock. */
  long nlink;

  // guarded by this
  private int mode;
  private int uid;
  private int gid;
  private Timespec atime;
  private Timespec mtime;
  private Timespec ctime;
  private Timespec birthtime;
  private Xattrs xattrs;
  private long lookups;

  Node(long inode, long generation, VType type, int mode, int uid, int gid, long rdev, String target, Timespec now) {
    this.inode = inode;
    this.generation = generation;
    this.type = Objects.requireNonNull(type, "type");
    this.mode = mode & 07777;
    this.uid = uid;
    this.gid = gid;
    this.rdev = rdev;
    this.dir = type == VType.VDIR ? new Directory() : null;
    this.data = type == VType.VREG ? new SparseData() : null;
    this.target = type == VType.VLNK ? Objects.requireNonNull(target, "target") : null;
    this.atime = now;
    this.mtime = now;
    this.ctime = now;
    this.birthtime = now;
  }

  boolean isDir() {
    return type == VType.VDIR;
  }

  /** The full attributes, as GETATTR and LOOKUP answer them. */
  synchronized Vattr attributes(long fsid) {
    return Vattr.builder()
        .type(type)
        .mode(mode)
        .nlink(nlink)
        .uid(uid)
        .gid(gid)
        .fsid(fsid)
        .fileid(inode)
        .size(size())
        .blocksize(BLOCKSIZE)
        .atime(atime)
        .mtime(mtime)
        .ctime(ctime)
        .birthtime(birthtime)
        .gen(generation)
        .flags(0)
        .rdev(rdev)
        .bytes(bytesHeld())
        .filerev(0)
        .vaflags(0)
        .build();
  }

  /** The size attributes report: data length, directory record lengths, target length, 0 for the rest. */
  synchronized long size() {
    if (data != null) {
      return data.size();
    }
    if (dir != null) {
      return dir.size();
    }
    if (target != null) {
      return Names.utf8Length(target);
    }
    return 0;
  }

  /** Storage this node holds for {@link Capacity}: data, target and extended attributes. */
  synchronized long bytesHeld() {
    long held = xattrs == null ? 0 : xattrs.held();
    if (data != null) {
      held += data.held();
    }
    if (target != null) {
      held += Names.utf8Length(target);
    }
    return held;
  }

  /**
   * Checks that {@code cred} may use this node as {@code want} says.
   *
   * @throws PuffsException EACCES if not
   */
  synchronized void checkAccess(Cred cred, int want) {
    if (!Permissions.allows(cred, mode, uid, gid, type, want)) {
      throw new PuffsException(Errno.EACCES, accessText(want) + " denied on inode " + inode);
    }
  }

  /** Checks the sticky rule of this directory for removing or renaming {@code victim}. */
  void checkSticky(Cred cred, Node victim) {
    int dirMode;
    int dirUid;
    synchronized (this) {
      dirMode = mode;
      dirUid = uid;
    }
    Permissions.checkSticky(cred, dirMode, dirUid, victim.uid());
  }

  synchronized int mode() {
    return mode;
  }

  synchronized int uid() {
    return uid;
  }

  synchronized int gid() {
    return gid;
  }

  // The setters below are called holding this node's monitor.

  void setMode(int mode) {
    this.mode = mode & 07777;
  }

  void setOwner(int uid, int gid) {
    this.uid = uid;
    this.gid = gid;
  }

  Timespec atime() {
    return atime;
  }

  Timespec mtime() {
    return mtime;
  }

  Timespec ctime() {
    return ctime;
  }

  Timespec birthtime() {
    return birthtime;
  }

  void setTimes(Timespec atime, Timespec mtime, Timespec ctime, Timespec birthtime) {
    this.atime = atime;
    this.mtime = mtime;
    this.ctime = ctime;
    this.birthtime = birthtime;
  }

  /** Xattrs, or null if the node has none. */
  Xattrs xattrs() {
    return xattrs;
  }

  /** Xattrs, made on first use. */
  Xattrs xattrsForUpdate() {
    if (xattrs == null) {
      xattrs = new Xattrs();
    }
    return xattrs;
  }

  /** Drops the xattr map once it is empty, so the node is as small as before. */
  void compactXattrs() {
    if (xattrs != null && xattrs.isEmpty()) {
      xattrs = null;
    }
  }

  long lookups() {
    return lookups;
  }

  void setLookups(long lookups) {
    this.lookups = lookups;
  }

  /** The status changed: ctime is now. */
  synchronized void changed(Timespec now) {
    ctime = now;
  }

  /** The contents changed (data or entries): mtime and ctime are now. */
  synchronized void modified(Timespec now) {
    mtime = now;
    ctime = now;
  }

  /** The contents were read: atime is now. */
  synchronized void accessed(Timespec now) {
    atime = now;
  }

  /** The engine got one more reference to this node (a LOOKUP or create reply): puffs' {@code pn_nlookup}. */
  synchronized void referenced() {
    lookups++;
  }

  /**
   * The engine dropped {@code n} references (RECLAIM's {@code nlookup}).
   *
   * @return the references left; more than 0 means a lookup reply crossed the reclaim and the node is still known
   */
  synchronized long forget(long n) {
    lookups = Math.max(0, lookups - n);
    return lookups;
  }

  private static String accessText(int want) {
    StringBuilder sb = new StringBuilder();
    if ((want & AccessMode.VREAD) != 0) {
      sb.append('r');
    }
    if ((want & AccessMode.VWRITE) != 0) {
      sb.append('w');
    }
    if ((want & AccessMode.VEXEC) != 0) {
      sb.append('x');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return type + "#" + inode;
  }
}
