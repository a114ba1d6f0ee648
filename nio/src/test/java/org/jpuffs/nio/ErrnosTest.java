package org.jpuffs.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.jpuffs.api.protocol.Errno;
import org.junit.jupiter.api.Test;

/** Each errno becomes the java.nio.file exception the default file system would throw. */
class ErrnosTest {

  @Test
  void namedErrnosBecomeTheirExceptions() {
    assertInstanceOf(NoSuchFileException.class, Errnos.toException(Errno.ENOENT, "/p"));
    assertInstanceOf(FileAlreadyExistsException.class, Errnos.toException(Errno.EEXIST, "/p"));
    assertInstanceOf(DirectoryNotEmptyException.class, Errnos.toException(Errno.ENOTEMPTY, "/p"));
    assertInstanceOf(AccessDeniedException.class, Errnos.toException(Errno.EACCES, "/p"));
    assertInstanceOf(AccessDeniedException.class, Errnos.toException(Errno.EPERM, "/p"));
    assertInstanceOf(NotDirectoryException.class, Errnos.toException(Errno.ENOTDIR, "/p"));
  }

  @Test
  void otherErrnosNameTheErrnoAndThePath() {
    FileSystemException loop = assertInstanceOf(FileSystemException.class, Errnos.toException(Errno.ELOOP, "/l"));
    assertTrue(loop.getReason().startsWith("ELOOP"));
    FileSystemException io = (FileSystemException) Errnos.toException(Errno.ENOSPC, "/full", null);
    assertEquals("/full", io.getFile());
    assertTrue(io.getReason().startsWith("ENOSPC"), io.getReason());
    FileSystemException two = (FileSystemException) Errnos.toException(Errno.EXDEV, "/a", "/b");
    assertEquals("/b", two.getOtherFile());
  }
}
