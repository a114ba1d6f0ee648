package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostErrorsTest {

  @TempDir
  Path dir;

  @Test
  void exceptionClassesMapToTheirErrno() {
    assertEquals(Errno.ENOENT, HostErrors.errnoOf(new NoSuchFileException("x")));
    assertEquals(Errno.EEXIST, HostErrors.errnoOf(new FileAlreadyExistsException("x")));
    assertEquals(Errno.ENOTEMPTY, HostErrors.errnoOf(new DirectoryNotEmptyException("x")));
    assertEquals(Errno.EACCES, HostErrors.errnoOf(new AccessDeniedException("x")));
    assertEquals(Errno.ENOTDIR, HostErrors.errnoOf(new NotDirectoryException("x")));
    assertEquals(Errno.EINVAL, HostErrors.errnoOf(new NotLinkException("x")));
    assertEquals(Errno.ELOOP, HostErrors.errnoOf(new FileSystemLoopException("x")));
  }

  @Test
  void reasonTextsMapToTheirErrno() {
    assertEquals(Errno.EISDIR, reason("Is a directory"));
    assertEquals(Errno.ENOTDIR, reason("Not a directory"));
    assertEquals(Errno.ENOSPC, reason("No space left on device"));
    assertEquals(Errno.EROFS, reason("Read-only file system"));
    assertEquals(Errno.EPERM, reason("Operation not permitted"));
    assertEquals(Errno.EMLINK, reason("Too many links"));
    assertEquals(Errno.ENAMETOOLONG, reason("File name too long"));
    assertEquals(Errno.EXDEV, reason("Invalid cross-device link"));
    assertEquals(Errno.EINVAL, reason("Invalid argument"));
    assertEquals(Errno.EOPNOTSUPP, reason("Operation not supported"));
    assertEquals(Errno.ENODATA, reason("No data available"));
    assertEquals(Errno.ERANGE, reason("Numerical result out of range"));
    assertEquals(Errno.EDQUOT, reason("Disk quota exceeded"));
    assertEquals(Errno.EBUSY, reason("Device or resource busy"));
  }

  @Test
  void longerTextsWinOverTextsTheyContain() {
    assertEquals(Errno.ENFILE, reason("Too many open files in system"));
    assertEquals(Errno.EMFILE, reason("Too many open files"));
    assertEquals(Errno.ENXIO, reason("No such device or address"));
    assertEquals(Errno.ENODEV, reason("No such device"));
  }

  @Test
  void jdkDetailAfterTheReasonIsTolerated() {
    assertEquals(Errno.ELOOP,
        reason("Too many levels of symbolic links or unable to access attributes of symbolic link"));
  }

  @Test
  void unknownReasonsAndMissingReasonsAreEio() {
    assertEquals(Errno.EIO, reason("The cat sat on the keyboard"));
    assertEquals(Errno.EIO, HostErrors.errnoOf(new FileSystemException("x")));
    assertEquals(Errno.EIO, HostErrors.errnoOf(new IOException()));
  }

  @Test
  void plainIoExceptionMessagesAreMatchedToo() {
    // FileChannel.write reports ENOSPC as a bare IOException carrying strerror's text.
    assertEquals(Errno.ENOSPC, HostErrors.errnoOf(new IOException("No space left on device")));
  }

  @Test
  void atomicMoveAcrossDevicesIsExdev() {
    assertEquals(Errno.EXDEV,
        HostErrors.errnoOf(new AtomicMoveNotSupportedException("a", "b", "Invalid cross-device link")));
  }

  @Test
  void toPuffsKeepsTheCause() {
    IOException cause = new NoSuchFileException("gone");
    PuffsException e = HostErrors.toPuffs(cause);
    assertEquals(Errno.ENOENT, e.errno());
    assertSame(cause, e.getCause());
  }

  @Test
  void realHostFailuresMap() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    Path sub = Files.createDirectory(dir.resolve("d"));
    Files.writeString(sub.resolve("inner"), "y");
    assertEquals(Errno.ENOTDIR, errnoOf(() -> Files.createDirectory(file.resolve("x"))));
    assertEquals(Errno.ENOTEMPTY, errnoOf(() -> Files.delete(sub)));
    assertEquals(Errno.EEXIST, errnoOf(() -> Files.createFile(file)));
    assertEquals(Errno.ENOENT, errnoOf(() -> Files.delete(dir.resolve("missing"))));
    assertEquals(Errno.EINVAL, errnoOf(() -> Files.readSymbolicLink(file)));
    assertEquals(Errno.EINVAL, errnoOf(() -> Files.move(sub, sub.resolve("into-itself"), StandardCopyOption.ATOMIC_MOVE)));
    assertEquals(Errno.EPERM, errnoOf(() -> Files.createLink(dir.resolve("dirlink"), sub)));
    assertEquals(Errno.ENAMETOOLONG, errnoOf(() -> Files.createFile(dir.resolve("n".repeat(300)))));
  }

  @Test
  void callMapsTheOtherWaysTheJdkFails() {
    assertEquals(Errno.EINVAL, assertThrows(PuffsException.class,
        () -> HostErrors.call(() -> { throw new InvalidPathException("a\0b", "NUL"); })).errno());
    assertEquals(Errno.EOPNOTSUPP, assertThrows(PuffsException.class,
        () -> HostErrors.call(() -> { throw new UnsupportedOperationException(); })).errno());
    assertEquals(Errno.ENOENT, assertThrows(PuffsException.class,
        () -> HostErrors.call(() -> { throw new UncheckedIOException(new NoSuchFileException("x")); })).errno());
  }

  private static Errno reason(String text) {
    return HostErrors.errnoOf(new FileSystemException("file", null, text));
  }

  private static Errno errnoOf(HostErrors.HostAction action) {
    return assertThrows(PuffsException.class, () -> HostErrors.run(action)).errno();
  }
}
