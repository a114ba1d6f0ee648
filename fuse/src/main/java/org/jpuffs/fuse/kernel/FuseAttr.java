package org.jpuffs.fuse.kernel;

/**
 * {@code struct fuse_attr} (88 bytes at protocol 7.38).
 *
 * @param ino the inode number {@code stat} shows
 * @param mode type and permission bits ({@code st_mode})
 * @param rdev the device number in the kernel's {@code new_encode_dev} form
 */
public record FuseAttr(long ino, long size, long blocks, long atime, int atimensec, long mtime, int mtimensec,
    long ctime, int ctimensec, int mode, int nlink, int uid, int gid, int rdev, int blksize) {

  /** {@code sizeof(struct fuse_attr)}. */
  public static final int SIZE = 88;

  /** Writes the struct at the buffer's position. */
  public void writeTo(java.nio.ByteBuffer out) {
    out.putLong(ino).putLong(size).putLong(blocks).putLong(atime).putLong(mtime).putLong(ctime)
        .putInt(atimensec).putInt(mtimensec).putInt(ctimensec)
        .putInt(mode).putInt(nlink).putInt(uid).putInt(gid).putInt(rdev).putInt(blksize).putInt(0);
  }
}
