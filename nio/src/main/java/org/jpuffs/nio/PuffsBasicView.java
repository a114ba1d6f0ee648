package org.jpuffs.nio;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.Vattr;

/** The {@code basic} view: GETATTR, and SETATTR of the access and modification times. */
class PuffsBasicView implements BasicFileAttributeView {

  final NodeAttributes node;

  PuffsBasicView(NodeAttributes node) {
    this.node = node;
  }

  @Override
  public String name() {
    return "basic";
  }

  @Override
  public BasicFileAttributes readAttributes() throws IOException {
    return node.read();
  }

  /** Sets the times given; a puffs vattr has a birth time but SETATTR cannot change it, so creation is ignored. */
  @Override
  public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
    if (lastModifiedTime == null && lastAccessTime == null) {
      return;
    }
    node.write(Vattr.builder().mtime(timespec(lastModifiedTime)).atime(timespec(lastAccessTime)).build());
  }

  private static Timespec timespec(FileTime time) {
    return time == null ? Timespec.OMIT : Timespec.of(time.toInstant());
  }
}
