package org.jpuffs.persistence.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The engine's claim on its data dir: an OS file lock on {@code engine.lock} holding the owner's pid. LevelDB locks
 * its own directory too, but only when the journal first opens and with an obscure error; this lock is taken before
 * the actor system starts, so a second engine fails at once with "data dir X in use by pid N".
 */
public final class DataDirLock implements AutoCloseable {

  /** The lock file's name inside the data dir. */
  public static final String FILE_NAME = "engine.lock";

  private final Path dataDir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path dataDir, FileChannel channel, FileLock lock) {
    this.dataDir = dataDir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dataDir} if needed and locks it.
   *
   * @throws DataDirInUseException if another engine holds it
   * @throws UncheckedIOException if the directory or lock file cannot be made
   */
  public static DataDirLock acquire(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_NAME);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        channel.close();
        throw new DataDirInUseException(dir, "another engine in this process (pid " + ProcessHandle.current().pid()
            + ")");
      }
      if (lock == null) {
        String holder = holderOf(file);
        channel.close();
        throw new DataDirInUseException(dir, holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return new DataDirLock(dir, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock data dir " + dir, e);
    }
  }

  /** Who holds the lock, as the lock file says ("pid N"), for a tool that must not touch a data dir in use. */
  public static String holderOf(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
      return pid.isEmpty() ? "another engine" : "pid " + pid;
    } catch (IOException e) {
      return "another engine";
    }
  }

  /** The locked data dir, absolute. */
  public Path dataDir() {
    return dataDir;
  }

  /** Releases the data dir; closing again does nothing. */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unlock data dir " + dataDir, e);
    }
  }
}
