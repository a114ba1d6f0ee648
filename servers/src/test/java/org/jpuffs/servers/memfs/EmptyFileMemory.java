package org.jpuffs.servers.memfs;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.servers.conformance.ServerClient;

/**
 * The experiment behind the "memory per empty file" figure in MemFs and docs/servers.md: make N empty files in one
 * directory and divide the growth of the live heap by N. Not a test (heap figures are too noisy to assert on); run it
 * by hand:
 *
 * <pre>
 * mvn -q -pl servers -am test-compile
 * mvn -q -pl servers dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx1g -cp servers/target/classes:servers/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.jpuffs.servers.memfs.EmptyFileMemory 100000
 * </pre>
 */
public final class EmptyFileMemory {
  private EmptyFileMemory() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    MemFs fs = new MemFs();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Cookie dir = c.mkdir(c.root(), "d", 0755);
    // warm up the code paths, then forget the warm-up files
    for (int i = 0; i < 1000; i++) {
      c.create(c.root(), "warm" + i, 0644);
    }
    long before = liveHeap();
    for (int i = 0; i < n; i++) {
      // names as a copy would make them: distinct, 8 characters
      c.create(dir, String.format("f%07d", i), 0644);
    }
    long after = liveHeap();
    System.out.printf("%d empty files: %d bytes of heap, %.0f bytes per file (%s)%n", n, after - before,
        (after - before) / (double) n, System.getProperty("java.vm.name") + " " + Runtime.version());
    // keep fs reachable until after the measurement
    if (fs.statvfs(c.ctx()).files() < 0) {
      System.out.println();
    }
  }

  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    // collect until the figure stops falling: System.gc() is only a request
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= last - 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
