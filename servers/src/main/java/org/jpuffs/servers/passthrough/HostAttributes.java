package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * One {@code lstat} of a host file, read through the JDK's {@code unix:} attribute view (never following a link).
 *
 * @param mode the whole {@code st_mode}: type bits and permission bits
 * @param ino the inode number (the node's fileid; its cookie is this with the generation folded in)
 * @param dev the device
 * @param rdev the device a VCHR or VBLK node stands for (Linux {@code dev_t} encoding)
 * @param nlink the link count
 * @param uid the owner
 * @param gid the group
 * @param size the size in bytes
 * @param atime last access
 * @param mtime last modification
 * @param ctime last status change
 * @param btime creation (on JDKs and file systems without a birth time, the JDK reports mtime instead)
 */
record HostAttributes(int mode, long ino, long dev, long rdev, long nlink, int uid, int gid, long size,
    FileTime atime, FileTime mtime, FileTime ctime, FileTime btime) {

  static final int S_IFMT = 0170000;
  static final int S_ISUID = 04000;
  static final int S_ISGID = 02000;
  static final int S_ISVTX = 01000;

  /** One stat call: every field in one attribute read. */
  private static final String UNIX_ATTRS =
      "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastAccessTime,lastModifiedTime,ctime,creationTime";

  /**
   * Stats {@code path} without following a final symbolic link.
   *
   * @throws IOException as the host reports it (NoSuchFileException if absent)
   */
  static HostAttributes read(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRS, LinkOption.NOFOLLOW_LINKS);
    return new HostAttributes((Integer) a.get("mode"), (Long) a.get("ino"), (Long) a.get("dev"),
        (Long) a.get("rdev"), ((Number) a.get("nlink")).longValue(), (Integer) a.get("uid"),
        (Integer) a.get("gid"), (Long) a.get("size"), (FileTime) a.get("lastAccessTime"),
        (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("ctime"), (FileTime) a.get("creationTime"));
  }

  /** The node's cookie: its inode number with its generation folded in ({@link FileHandles#cookieOf}). */
  Cookie cookie() {
    return Cookie.of(FileHandles.cookieOf(ino, FileHandles.generation(this)));
  }

  /** The permission bits, 07777. */
  int permissions() {
    return mode & 07777;
  }

  /** The vnode type of {@code st_mode}'s type bits. */
  VType type() {
    return typeOf(mode);
  }

  boolean isDirectory() {
    return type() == VType.VDIR;
  }

  boolean isRegular() {
    return type() == VType.VREG;
  }

  boolean isSymlink() {
    return type() == VType.VLNK;
  }

  /** The vnode type for the type bits of a {@code st_mode}; VBAD for bits that name no type. */
  static VType typeOf(int mode) {
    switch (mode & S_IFMT) {
      case 0100000:
        return VType.VREG;
      case 0040000:
        return VType.VDIR;
      case 0120000:
        return VType.VLNK;
      case 0020000:
        return VType.VCHR;
      case 0060000:
        return VType.VBLK;
      case 0010000:
        return VType.VFIFO;
      case 0140000:
        return VType.VSOCK;
      default:
        return VType.VBAD;
    }
  }

  /**
   * These attributes as a vattr.
   *
   * @param blocksize the preferred I/O size of the host file system
   * @param gen the generation this server gives the node (see {@code FileHandles})
   */
  Vattr toVattr(long blocksize, long gen) {
    return Vattr.builder()
        .type(type())
        .mode(permissions())
        .nlink(nlink)
        .uid(uid)
        .gid(gid)
        .fsid(dev)
        .fileid(ino)
        .size(size)
        .blocksize(blocksize)
        .atime(timespec(atime))
        .mtime(timespec(mtime))
        .ctime(timespec(ctime))
        .birthtime(timespec(btime))
        .gen(gen)
        .flags(0)
        .rdev(rdev)
        // The JDK does not expose st_blocks; whole blocks covering the size is right for files without holes.
        .bytes(blocksize > 0 ? (size + blocksize - 1) / blocksize * blocksize : size)
        .filerev(0)
        .vaflags(0)
        .build();
  }

  static Timespec timespec(FileTime time) {
    return Timespec.of(time.toInstant());
  }
}
