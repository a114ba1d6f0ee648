package org.jpuffs.nio;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * A GETATTR answer as {@link PosixFileAttributes}. The file key is the node's identity in its mount (the mount's
 * name and the vattr's fileid), so two paths have equal keys exactly when they are hard links of one file.
 *
 * @param mount the mount's name
 * @param va the attributes
 */
record PuffsFileAttributes(String mount, Vattr va) implements PosixFileAttributes {

  /** The identity {@link #fileKey()} returns. */
  record FileKey(String mount, long fileid) {}

  @Override
  public FileTime lastModifiedTime() {
    return time(va.mtime());
  }

  @Override
  public FileTime lastAccessTime() {
    return time(va.atime());
  }

  /** The birth time if the server keeps one, else the modification time (as the default file system does). */
  @Override
  public FileTime creationTime() {
    return va.birthtime().isSet() && va.birthtime().sec() > 0 ? time(va.birthtime()) : lastModifiedTime();
  }

  FileTime changeTime() {
    return time(va.ctime());
  }

  @Override
  public boolean isRegularFile() {
    return va.type() == VType.VREG;
  }

  @Override
  public boolean isDirectory() {
    return va.type() == VType.VDIR;
  }

  @Override
  public boolean isSymbolicLink() {
    return va.type() == VType.VLNK;
  }

  @Override
  public boolean isOther() {
    return !isRegularFile() && !isDirectory() && !isSymbolicLink();
  }

  @Override
  public long size() {
    return Math.max(0, va.size());
  }

  @Override
  public Object fileKey() {
    return new FileKey(mount, va.fileid());
  }

  @Override
  public UserPrincipal owner() {
    return new Principals.User(va.uid());
  }

  @Override
  public GroupPrincipal group() {
    return new Principals.Group(va.gid());
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    return NewNodeAttributes.permissionsOf(va.mode());
  }

  private static FileTime time(Timespec t) {
    return t.isSet() ? FileTime.from(t.toInstant()) : FileTime.fromMillis(0);
  }
}
