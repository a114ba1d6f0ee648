package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.List;
import java.util.Map;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;

/**
 * The one place that turns what {@code java.nio.file} throws into a puffs errno.
 *
 * <p>The JDK keeps the host's errno only for a handful of conditions (each with its own exception class); for every
 * other failure it throws a plain {@link FileSystemException} whose reason is the C library's {@code strerror} text.
 * Matching that text is the only way back to the number without native code, so it happens here and nowhere else.
 * Anything unrecognised is EIO, as a server bug would be.
 */
final class HostErrors {

  /**
   * glibc's {@code strerror} texts. Longer texts come before texts they contain ("Too many open files in system"
   * before "Too many open files"), because a reason is matched by containment: the JDK sometimes appends detail
   * ("... or unable to access attributes of symbolic link").
   */
  private static final List<Map.Entry<String, Errno>> REASONS = List.of(
      Map.entry("Too many open files in system", Errno.ENFILE),
      Map.entry("No such device or address", Errno.ENXIO),
      Map.entry("Too many levels of symbolic links", Errno.ELOOP),
      Map.entry("Value too large for defined data type", Errno.EOVERFLOW),
      Map.entry("Invalid cross-device link", Errno.EXDEV),
      Map.entry("Resource temporarily unavailable", Errno.EAGAIN),
      Map.entry("Numerical result out of range", Errno.ERANGE),
      Map.entry("Resource deadlock avoided", Errno.EDEADLK),
      Map.entry("Operation not permitted", Errno.EPERM),
      Map.entry("Operation not supported", Errno.EOPNOTSUPP),
      Map.entry("No such file or directory", Errno.ENOENT),
      Map.entry("Device or resource busy", Errno.EBUSY),
      Map.entry("Function not implemented", Errno.ENOSYS),
      Map.entry("No space left on device", Errno.ENOSPC),
      Map.entry("Argument list too long", Errno.E2BIG),
      Map.entry("Cannot allocate memory", Errno.ENOMEM),
      Map.entry("Read-only file system", Errno.EROFS),
      Map.entry("Disk quota exceeded", Errno.EDQUOT),
      Map.entry("Too many open files", Errno.EMFILE),
      Map.entry("Directory not empty", Errno.ENOTEMPTY),
      Map.entry("File name too long", Errno.ENAMETOOLONG),
      Map.entry("Bad file descriptor", Errno.EBADF),
      Map.entry("Stale file handle", Errno.ESTALE),
      Map.entry("Input/output error", Errno.EIO),
      Map.entry("No data available", Errno.ENODATA),
      Map.entry("No locks available", Errno.ENOLCK),
      Map.entry("Permission denied", Errno.EACCES),
      Map.entry("Invalid argument", Errno.EINVAL),
      Map.entry("Not a directory", Errno.ENOTDIR),
      Map.entry("Is a directory", Errno.EISDIR),
      Map.entry("Text file busy", Errno.ETXTBSY),
      Map.entry("Too many links", Errno.EMLINK),
      Map.entry("File too large", Errno.EFBIG),
      Map.entry("No such device", Errno.ENODEV),
      Map.entry("File exists", Errno.EEXIST),
      Map.entry("Illegal seek", Errno.ESPIPE),
      Map.entry("Broken pipe", Errno.EPIPE));

  private HostErrors() {}

  /** A host call that may fail with an {@link IOException}. */
  @FunctionalInterface
  interface HostCall<T> {
    T call() throws IOException;
  }

  /** A host action that may fail with an {@link IOException}. */
  @FunctionalInterface
  interface HostAction {
    void run() throws IOException;
  }

  /**
   * Runs {@code call}, turning every way the JDK reports a host failure into a {@link PuffsException}: I/O
   * exceptions by {@link #errnoOf}, a name the host cannot encode as EINVAL, an operation the host file system lacks
   * as EOPNOTSUPP.
   */
  static <T> T call(HostCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw toPuffs(e);
    } catch (DirectoryIteratorException e) {
      throw toPuffs(e.getCause());
    } catch (UncheckedIOException e) {
      throw toPuffs(e.getCause());
    } catch (InvalidPathException e) {
      throw new PuffsException(Errno.EINVAL, e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw new PuffsException(Errno.EOPNOTSUPP, e.getMessage());
    }
  }

  /** Runs {@code action} as {@link #call} runs a call. */
  static void run(HostAction action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  /**
   * The puffs failure for a host failure, keeping {@code e} as its cause for logs.
   *
   * @param e what the host operation threw
   * @return the exception to throw
   */
  static PuffsException toPuffs(IOException e) {
    Errno errno = errnoOf(e);
    return new PuffsException(errno, e.getMessage(), e);
  }

  /**
   * The errno {@code e} stands for; EIO when it cannot be told.
   *
   * @param e what a host operation threw
   */
  static Errno errnoOf(IOException e) {
    // Subclasses first: their reason text is often null.
    if (e instanceof NoSuchFileException) {
      return Errno.ENOENT;
    }
    if (e instanceof FileAlreadyExistsException) {
      return Errno.EEXIST;
    }
    if (e instanceof DirectoryNotEmptyException) {
      return Errno.ENOTEMPTY;
    }
    if (e instanceof AccessDeniedException) {
      return Errno.EACCES;
    }
    if (e instanceof NotDirectoryException) {
      return Errno.ENOTDIR;
    }
    if (e instanceof NotLinkException) {
      return Errno.EINVAL;
    }
    if (e instanceof FileSystemLoopException) {
      return Errno.ELOOP;
    }
    String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    return text == null ? Errno.EIO : errnoOfReason(text);
  }

  /** The errno whose {@code strerror} text {@code reason} contains; EIO if none. */
  static Errno errnoOfReason(String reason) {
    for (Map.Entry<String, Errno> entry : REASONS) {
      if (reason.contains(entry.getKey())) {
        return entry.getValue();
      }
    }
    return Errno.EIO;
  }
}
