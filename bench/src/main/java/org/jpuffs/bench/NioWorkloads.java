package org.jpuffs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The java.nio.file workloads of {@link NioBenchmark}, shared with {@link NioRoundTrips}, which counts their ops. */
final class NioWorkloads {

  private NioWorkloads() {}

  /** {@code count} × (create + write {@code data}, read it back, delete) in {@code dir}. */
  static long smallFiles(Path dir, byte[] data, int count) throws IOException {
    long total = 0;
    for (int i = 0; i < count; i++) {
      Path file = dir.resolve("f" + i);
      Files.write(file, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      total += Files.readAllBytes(file).length;
      Files.delete(file);
    }
    return total;
  }

  /** {@code Files.walk} over {@code tree}: the number of entries. */
  static long walk(Path tree) throws IOException {
    try (Stream<Path> walk = Files.walk(tree)) {
      return walk.count();
    }
  }

  /** {@code mib} MiB written to {@code file} and read back through a FileChannel in 1 MiB buffers, then deleted. */
  static long sequential(Path file, int mib) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < mib; i++) {
        buffer.clear();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
    }
    long read = 0;
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        buffer.clear();
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        read += n;
      }
    }
    Files.delete(file);
    return read;
  }

  /** {@code readAttributes} of every file: the sum of their sizes. */
  static long statStorm(List<Path> files) throws IOException {
    long sizes = 0;
    for (Path file : files) {
      sizes += Files.readAttributes(file, BasicFileAttributes.class).size();
    }
    return sizes;
  }

  /** {@code dirs} directories of {@code filesPerDir} empty files each under {@code tree}. */
  static void makeTree(Path tree, int dirs, int filesPerDir) throws IOException {
    for (int d = 0; d < dirs; d++) {
      Path dir = Files.createDirectory(tree.resolve("d" + d));
      for (int f = 0; f < filesPerDir; f++) {
        Files.createFile(dir.resolve("f" + f));
      }
    }
  }

  /** {@code count} files holding {@code data} in {@code dir}. */
  static List<Path> makeFiles(Path dir, int count, byte[] data) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(Files.write(dir.resolve("s" + i), data));
    }
    return files;
  }
}
