package org.jpuffs.servers.passthrough;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * SETATTR on a host node: who may change what ({@code ufs_setattr} with Linux's rules where they differ), then the
 * changes through the JDK's {@code unix:} and basic views. Every check is made before the first change, so a refused
 * SETATTR changes nothing.
 *
 * <ul>
 *   <li>type, nlink, fsid, fileid, blocksize, rdev, bytes and gen cannot be set: EINVAL. File flags other than 0:
 *       EOPNOTSUPP (the host has no chflags). ctime, birthtime and filerev are ignored.
 *   <li>uid: the superuser only (EPERM). gid: the superuser, or the owner to one of the owner's groups.
 *   <li>mode: the owner or the superuser (EPERM); a non-superuser setting set-group-id for a group he is not in loses
 *       that bit silently. A symbolic link has no mode of its own (EOPNOTSUPP).
 *   <li>size: regular files only (EISDIR, EINVAL); the caller needs write permission or ownership. The ownership
 *       exception exists because the engine's metadata flush may resize a file its creator made read-only while
 *       writing through a descriptor opened before.
 *   <li>times: explicit values need ownership or the superuser (EPERM); "now" ({@link Timespec#NOW} or
 *       {@code VA_UTIMES_NULL}) needs ownership or write permission (EACCES).
 * </ul>
 *
 * <p>Nodes that are neither files, directories nor links are never opened: the JDK opens a file to change its mode
 * (without following links) or its times, and opening a FIFO would block the server thread and opening a device would
 * talk to the device. Their mode is set by path ({@code chmod}), their times with {@code touch -h}.
 */
final class AttributeChanges {

  private AttributeChanges() {}

  /**
   * Applies {@code va} to {@code node} for {@code cred}.
   *
   * @throws PuffsException as the rules above say, or as the host fails
   */
  static void apply(Cred cred, HostNode node, Vattr va) {
    HostAttributes now = node.attrs();
    checkSettable(va);
    boolean chown = (isSet(va.uid()) && va.uid() != now.uid()) || (isSet(va.gid()) && va.gid() != now.gid());
    int newGid = isSet(va.gid()) ? va.gid() : now.gid();
    if (chown) {
      checkChown(cred, now, va);
    }
    Integer mode = null;
    if (isSet(va.mode())) {
      mode = checkedMode(cred, now, va.mode(), newGid);
    }
    boolean resize = Vattr.isSet(va.size());
    if (resize) {
      checkResize(cred, now);
    }
    boolean times = va.atime().isSet() || va.mtime().isSet();
    if (times) {
      checkTimes(cred, now, va);
    }

    Path path = node.path();
    if (chown) {
      if (isSet(va.gid())) {
        HostErrors.run(() -> Files.setAttribute(path, "unix:gid", va.gid(), LinkOption.NOFOLLOW_LINKS));
      }
      if (isSet(va.uid())) {
        HostErrors.run(() -> Files.setAttribute(path, "unix:uid", va.uid(), LinkOption.NOFOLLOW_LINKS));
      }
    }
    if (mode != null) {
      setMode(path, now.type(), mode);
    }
    if (resize) {
      HostFiles.setSize(path, va.size());
    }
    if (times) {
      setTimes(path, now.type(), va.atime(), va.mtime());
    }
  }

  /** Sets the permission bits of a node that is not a symbolic link. */
  static void setMode(Path path, VType type, int mode) {
    HostErrors.run(() -> Files.setAttribute(path, "unix:mode", mode & 07777, linkOptions(type)));
  }

  private static void checkSettable(Vattr va) {
    if (va.type() != VType.VNON || Vattr.isSet(va.nlink()) || Vattr.isSet(va.fsid()) || Vattr.isSet(va.fileid())
        || Vattr.isSet(va.blocksize()) || Vattr.isSet(va.rdev()) || Vattr.isSet(va.bytes())
        || Vattr.isSet(va.gen())) {
      throw new PuffsException(Errno.EINVAL, "attribute cannot be set");
    }
    if (Vattr.isSet(va.flags()) && va.flags() != 0) {
      throw new PuffsException(Errno.EOPNOTSUPP, "no file flags on the host");
    }
  }

  private static void checkChown(Cred cred, HostAttributes now, Vattr va) {
    if (cred.isSuperuser()) {
      return;
    }
    if (isSet(va.uid()) && va.uid() != now.uid()) {
      throw new PuffsException(Errno.EPERM, "only the superuser gives files away");
    }
    if (!Permissions.isOwner(cred, now) || !cred.inGroup(va.gid())) {
      throw new PuffsException(Errno.EPERM, "not the owner, or not in group " + va.gid());
    }
  }

  private static int checkedMode(Cred cred, HostAttributes now, int requested, int gid) {
    if (now.isSymlink()) {
      throw new PuffsException(Errno.EOPNOTSUPP, "a symbolic link has no mode");
    }
    if (!Permissions.isOwnerOrSuperuser(cred, now)) {
      throw new PuffsException(Errno.EPERM, "not the owner");
    }
    int mode = requested & 07777;
    if (!cred.isSuperuser() && (mode & HostAttributes.S_ISGID) != 0 && !cred.inGroup(gid)) {
      mode &= ~HostAttributes.S_ISGID;
    }
    return mode;
  }

  private static void checkResize(Cred cred, HostAttributes now) {
    if (now.isDirectory()) {
      throw new PuffsException(Errno.EISDIR);
    }
    if (!now.isRegular()) {
      throw new PuffsException(Errno.EINVAL, "only regular files have a size to set");
    }
    if (!Permissions.isOwner(cred, now)) {
      Permissions.check(cred, now, AccessMode.VWRITE);
    }
  }

  private static void checkTimes(Cred cred, HostAttributes now, Vattr va) {
    if (Permissions.isOwnerOrSuperuser(cred, now)) {
      return;
    }
    boolean toNow = (Vattr.isSet(va.vaflags()) && (va.vaflags() & Vattr.VA_UTIMES_NULL) != 0)
        || ((!va.atime().isSet() || va.atime().isNow()) && (!va.mtime().isSet() || va.mtime().isNow()));
    if (!toNow) {
      throw new PuffsException(Errno.EPERM, "only the owner sets explicit times");
    }
    Permissions.check(cred, now, AccessMode.VWRITE);
  }

  private static void setTimes(Path path, VType type, Timespec atime, Timespec mtime) {
    Instant clock = Instant.now();
    if (!opensSafely(type)) {
      SpecialFiles.setTimes(path, fileTime(atime, clock), fileTime(mtime, clock));
      return;
    }
    BasicFileAttributeView view =
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    HostErrors.run(() -> view.setTimes(fileTime(mtime, clock), fileTime(atime, clock), null));
  }

  /** The time to set, or null to leave it. */
  private static FileTime fileTime(Timespec time, Instant clock) {
    if (!time.isSet()) {
      return null;
    }
    return FileTime.from(time.isNow() ? clock : time.toInstant());
  }

  /**
   * Files, directories and links are changed without following links; other nodes by path (a plain {@code chmod}),
   * since the JDK opens a node to change it without following links (see the class comment).
   */
  private static LinkOption[] linkOptions(VType type) {
    return opensSafely(type) ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
  }

  /** {@code true} for the node types the JDK may open to change their attributes. */
  private static boolean opensSafely(VType type) {
    return type == VType.VREG || type == VType.VDIR || type == VType.VLNK;
  }

  private static boolean isSet(int value) {
    return value != (int) Vattr.VNOVAL;
  }
}
