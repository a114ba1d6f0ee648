package org.jpuffs.fuse.kernel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The reply structs of {@code linux/fuse.h} at protocol 7.38, encoded by hand: no Java library speaks FUSE's
 * low-level protocol on Java 17 (jnr-fuse wraps libfuse 2's path API, jfuse needs Java 22), so this class is the
 * layout, checked against the sizes measured in {@code fuse-notes.md}.
 */
public final class Wire {
  /** {@code sizeof(struct fuse_entry_out)}. */
  public static final int ENTRY_OUT = 128;
  /** {@code sizeof(struct fuse_attr_out)}. */
  public static final int ATTR_OUT = 104;
  /** {@code sizeof(struct fuse_open_out)}. */
  public static final int OPEN_OUT = 16;
  /** {@code sizeof(struct fuse_statfs_out)}. */
  public static final int STATFS_OUT = 80;
  /** {@code sizeof(struct fuse_dirent)} without its name. */
  public static final int DIRENT = 24;
  /** {@code sizeof(struct fuse_direntplus)} without its name: an entry_out before the dirent. */
  public static final int DIRENTPLUS = ENTRY_OUT + DIRENT;

  private Wire() {}

  /** {@code fuse_entry_out}: a node the kernel may now name, with its cache timeouts in nanoseconds. */
  public static void entry(ByteBuffer out, long nodeid, long generation, long entryTtlNanos, long attrTtlNanos,
      FuseAttr attr) {
    out.putLong(nodeid).putLong(generation)
        .putLong(entryTtlNanos / 1_000_000_000L).putLong(attrTtlNanos / 1_000_000_000L)
        .putInt((int) (entryTtlNanos % 1_000_000_000L)).putInt((int) (attrTtlNanos % 1_000_000_000L));
    attr.writeTo(out);
  }

  /** {@code fuse_attr_out}. */
  public static void attr(ByteBuffer out, long attrTtlNanos, FuseAttr attr) {
    out.putLong(attrTtlNanos / 1_000_000_000L).putInt((int) (attrTtlNanos % 1_000_000_000L)).putInt(0);
    attr.writeTo(out);
  }

  /** {@code fuse_open_out}. */
  public static void open(ByteBuffer out, long fh, int openFlags) {
    out.putLong(fh).putInt(openFlags).putInt(0);
  }

  /** {@code fuse_kstatfs} inside {@code fuse_statfs_out}. */
  public static void statfs(ByteBuffer out, long blocks, long bfree, long bavail, long files, long ffree, int bsize,
      int namelen, int frsize) {
    out.putLong(blocks).putLong(bfree).putLong(bavail).putLong(files).putLong(ffree)
        .putInt(bsize).putInt(namelen).putInt(frsize).putInt(0);
    for (int i = 0; i < 6; i++) {
      out.putInt(0);
    }
  }

  /** The space a {@code fuse_dirent} with {@code name} takes, padded to 8 bytes. */
  public static int direntSize(byte[] name) {
    return align8(DIRENT + name.length);
  }

  /** {@code fuse_dirent}: {@code off} is where the next READDIR continues after this entry. */
  public static void dirent(ByteBuffer out, long ino, long off, int type, byte[] name) {
    int start = out.position();
    out.putLong(ino).putLong(off).putInt(name.length).putInt(type).put(name);
    padTo(out, start + direntSize(name));
  }

  /** {@code fuse_write_out}. */
  public static void write(ByteBuffer out, int size) {
    out.putInt(size).putInt(0);
  }

  /** {@code fuse_getxattr_out}: the size of a value or list when the caller asked for the size only. */
  public static void xattrSize(ByteBuffer out, int size) {
    out.putInt(size).putInt(0);
  }

  /** {@code fuse_file_lock} inside {@code fuse_lk_out}. */
  public static void lock(ByteBuffer out, long start, long end, int type, int pid) {
    out.putLong(start).putLong(end).putInt(type).putInt(pid);
  }

  /** {@code fuse_notify_inval_inode_out}: {@code offset} -1 = attributes only, {@code length} 0 = to the end. */
  public static void invalInode(ByteBuffer out, long nodeid, long offset, long length) {
    out.putLong(nodeid).putLong(offset).putLong(length);
  }

  /** {@code fuse_notify_inval_entry_out} and the name with its NUL. */
  public static void invalEntry(ByteBuffer out, long parent, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    out.putLong(parent).putInt(bytes.length).putInt(0).put(bytes).put((byte) 0);
  }

  static int align8(int n) {
    return (n + 7) & ~7;
  }

  private static void padTo(ByteBuffer out, int end) {
    while (out.position() < end) {
      out.put((byte) 0);
    }
  }
}
