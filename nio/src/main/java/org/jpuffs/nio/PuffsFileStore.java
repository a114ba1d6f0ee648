package org.jpuffs.nio;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;

/**
 * The mount as a {@link FileStore}: its space from VFS_STATVFS, asked each time (total = blocks, usable = blocks
 * available to non-root, unallocated = free blocks, all in fragment-size units).
 */
final class PuffsFileStore extends FileStore {

  /** {@code ST_RDONLY} of statvfs. */
  private static final long ST_RDONLY = 0x1;

  private final PuffsFileSystem fs;

  PuffsFileStore(PuffsFileSystem fs) {
    this.fs = fs;
  }

  private Statvfs statvfs() throws IOException {
    fs.checkOpen();
    try {
      return Errnos.await(() -> fs.mount().statvfs(fs.cred()), fs.timeoutMillis());
    } catch (PuffsException e) {
      throw Errnos.toException(e.errno(), fs.toString());
    }
  }

  @Override
  public String name() {
    return fs.name();
  }

  @Override
  public String type() {
    try {
      return statvfs().fstypename();
    } catch (IOException e) {
      return "puffs";
    }
  }

  @Override
  public boolean isReadOnly() {
    try {
      return fs.isReadOnly() || (statvfs().flag() & ST_RDONLY) != 0;
    } catch (IOException e) {
      return fs.isReadOnly();
    }
  }

  @Override
  public long getTotalSpace() throws IOException {
    Statvfs s = statvfs();
    return s.blocks() * unit(s);
  }

  @Override
  public long getUsableSpace() throws IOException {
    Statvfs s = statvfs();
    return s.bavail() * unit(s);
  }

  @Override
  public long getUnallocatedSpace() throws IOException {
    Statvfs s = statvfs();
    return s.bfree() * unit(s);
  }

  @Override
  public long getBlockSize() throws IOException {
    return unit(statvfs());
  }

  private static long unit(Statvfs s) {
    return s.frsize() > 0 ? s.frsize() : s.bsize();
  }

  @Override
  public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
    return type == BasicFileAttributeView.class || type == PosixFileAttributeView.class
        || type == FileOwnerAttributeView.class || type == UserDefinedFileAttributeView.class;
  }

  @Override
  public boolean supportsFileAttributeView(String name) {
    return AttributeViews.NAMES.contains(name);
  }

  @Override
  public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
    return null;
  }

  @Override
  public Object getAttribute(String attribute) throws IOException {
    return switch (attribute) {
      case "totalSpace" -> getTotalSpace();
      case "usableSpace" -> getUsableSpace();
      case "unallocatedSpace" -> getUnallocatedSpace();
      default -> throw new UnsupportedOperationException("'" + attribute + "' not recognized");
    };
  }

  @Override
  public String toString() {
    return fs + " (" + name() + ")";
  }
}
