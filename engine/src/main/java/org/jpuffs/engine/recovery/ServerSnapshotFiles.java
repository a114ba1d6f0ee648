package org.jpuffs.engine.recovery;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The files of one mount's server snapshots: written to a temporary name, checksummed and synced, then renamed, so a
 * file with a final name is complete; checked against the journaled size and CRC before a restore, so a damaged file
 * is never fed to a server. Blocking file work: callers run it off the actor's thread.
 */
final class ServerSnapshotFiles {

  private static final String SUFFIX = ".snapshot";
  private static final String PARTIAL = ".partial";

  private final Path dir;

  ServerSnapshotFiles(Path dir) {
    this.dir = dir;
  }

  /** The file name of the snapshot covering record {@code seq} of {@code session}. */
  static String nameOf(long session, long seq) {
    return "s" + session + "-r" + seq + SUFFIX;
  }

  /** A snapshot being written: a stream into a temporary file that counts and checksums what passes. */
  final class Writing implements AutoCloseable {
    private final String name;
    private final Path partial;
    private final FileOutputStream file;
    private final CRC32 crc = new CRC32();
    private final OutputStream out;
    private long size;

    private Writing(String name) throws IOException {
      Files.createDirectories(dir);
      this.name = name;
      this.partial = dir.resolve(name + PARTIAL);
      this.file = new FileOutputStream(partial.toFile());
      OutputStream counting = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc) {
        @Override
        public void write(int b) throws IOException {
          super.write(b);
          size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          super.write(b, off, len);
          size += len;
        }
      };
      this.out = counting;
    }

    /** Where the server writes. */
    OutputStream stream() {
      return out;
    }

    String name() {
      return name;
    }

    long size() {
      return size;
    }

    long crc32() {
      return crc.getValue();
    }

    /** Syncs the bytes and gives the file its final name: from now on it is a complete snapshot. */
    void commit() throws IOException {
      out.flush();
      file.getChannel().force(true);
      out.close();
      Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      try (var channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        // Some file systems cannot sync a directory; the rename is then as durable as they make it.
      }
    }

    /** Drops a snapshot that failed. */
    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        // nothing to keep
      }
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // a leftover partial file is removed with the next cleanup
      }
    }
  }

  /** Starts writing snapshot {@code name}. */
  Writing write(String name) throws IOException {
    return new Writing(name);
  }

  /**
   * Opens snapshot {@code name} for a restore, after checking that it has {@code size} bytes with CRC-32
   * {@code crc32}.
   *
   * @throws IOException naming what is wrong: missing, truncated, or damaged
   */
  InputStream openVerified(String name, long size, long crc32) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IOException("snapshot file " + file + " is missing");
    }
    long actual = Files.size(file);
    if (actual != size) {
      throw new IOException("snapshot file " + file + " has " + actual + " bytes, the journal says " + size);
    }
    CRC32 crc = new CRC32();
    try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    if (crc.getValue() != crc32) {
      throw new IOException("snapshot file " + file + " is damaged (CRC-32 " + Long.toHexString(crc.getValue())
          + ", the journal says " + Long.toHexString(crc32) + ")");
    }
    return new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
  }

  /**
   * Deletes the snapshot files of this mount that the op log no longer keeps: those of earlier sessions, and those of
   * {@code session} up to record {@code newest} (the newest snapshot kept) that are not in {@code keep}, with their
   * leftover partial files. A partial file of a later record is a snapshot being written: it stays.
   */
  void deleteAllBut(Set<String> keep, long session, long newest) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (keep.contains(name) || !(name.endsWith(SUFFIX) || name.endsWith(PARTIAL))) {
          continue;
        }
        long[] position = positionOf(name);
        if (position == null || position[0] < session || position[0] == session && position[1] <= newest) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** {session, record} of a snapshot file name {@code sS-rN.snapshot[.partial]}, or null if it is not one. */
  static long[] positionOf(String name) {
    int dash = name.indexOf("-r");
    int dot = name.indexOf('.', dash + 2);
    if (!name.startsWith("s") || dash < 2 || dot < 0) {
      return null;
    }
    try {
      return new long[] {Long.parseLong(name.substring(1, dash)), Long.parseLong(name.substring(dash + 2, dot))};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
