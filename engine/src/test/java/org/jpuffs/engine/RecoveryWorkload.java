package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * Concurrent writers for the crash-recovery tests: each writer owns a directory {@code wN} under the root and does a
 * seeded random mix of create, write (overwrite and append), rename, remove, mkdir and rmdir in it, keeping a reference
 * model of what its directory must hold. No retries: every failed client op is recorded. A latch opens when a given
 * number of ops is done, so a test can crash the server in the middle; {@link #verify} compares the mount's tree with
 * the models.
 */
final class RecoveryWorkload {

  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();
  static final Vattr DIR = Vattr.builder().type(VType.VDIR).mode(0755).build();
  private static final int NAMES = 24;

  final int writers;
  final int opsPerWriter;
  final AtomicInteger done = new AtomicInteger();
  final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final long seed;
  private final List<CountDownLatch> milestones = new ArrayList<>();
  private final List<Integer> milestoneOps = new ArrayList<>();
  private final List<Map<String, Object>> models = new ArrayList<>();

  RecoveryWorkload(int writers, int opsPerWriter, long seed) {
    this.writers = writers;
    this.opsPerWriter = opsPerWriter;
    this.seed = seed;
    for (int i = 0; i < writers; i++) {
      models.add(new TreeMap<>());
    }
  }

  /** A latch that opens once {@code ops} ops are done in all. Call before {@link #start}. */
  CountDownLatch after(int ops) {
    CountDownLatch latch = new CountDownLatch(1);
    milestones.add(latch);
    milestoneOps.add(ops);
    return latch;
  }

  /** Starts the writers on {@code mount}; the returned threads end when their ops are done. */
  List<Thread> start(Mount mount) {
    List<Thread> threads = new ArrayList<>();
    try (Vnode root = await(mount.root())) {
      for (int w = 0; w < writers; w++) {
        await(root.mkdir("w" + w, DIR, Cred.ROOT)).release();
      }
    }
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread thread = new Thread(() -> run(mount, writer), "writer-" + w);
      thread.start();
      threads.add(thread);
    }
    return threads;
  }

  private void run(Mount mount, int writer) {
    Random random = new Random(seed * 31 + writer);
    Map<String, Object> model = models.get(writer);
    try (Vnode root = await(mount.root()); Vnode dir = await(root.lookup("w" + writer, Cred.ROOT))) {
      for (int op = 0; op < opsPerWriter; op++) {
        try {
          step(dir, model, random, writer + ":" + op);
        } catch (RuntimeException | AssertionError e) {
          failures.add("writer " + writer + " op " + op + ": " + e);
        }
        int total = done.incrementAndGet();
        for (int i = 0; i < milestones.size(); i++) {
          if (total >= milestoneOps.get(i)) {
            milestones.get(i).countDown();
          }
        }
      }
    } catch (RuntimeException | AssertionError e) {
      failures.add("writer " + writer + ": " + e);
    }
  }

  private static void step(Vnode dir, Map<String, Object> model, Random random, String tag) {
    String name = (random.nextInt(5) == 0 ? "d" : "f") + random.nextInt(NAMES);
    Object there = model.get(name);
    boolean isDir = name.startsWith("d");
    if (there == null) {
      if (isDir) {
        await(dir.mkdir(name, DIR, Cred.ROOT)).release();
        model.put(name, DIR);
      } else {
        await(dir.create(name, FILE, Cred.ROOT)).release();
        model.put(name, new byte[0]);
      }
      return;
    }
    if (isDir) {
      try (Vnode target = await(dir.lookup(name, Cred.ROOT))) {
        await(dir.rmdir(target, name, Cred.ROOT));
      }
      model.remove(name);
      return;
    }
    int choice = random.nextInt(10);
    try (Vnode file = await(dir.lookup(name, Cred.ROOT))) {
      if (choice < 6) {
        byte[] old = (byte[]) there;
        byte[] data = (tag + ";").getBytes(StandardCharsets.UTF_8);
        boolean append = random.nextBoolean();
        long offset = append ? old.length : 0;
        await(file.write(offset, Bytes.of(data), 0, Cred.ROOT));
        byte[] now = java.util.Arrays.copyOf(old, Math.max(old.length, (int) offset + data.length));
        System.arraycopy(data, 0, now, (int) offset, data.length);
        model.put(name, now);
      } else if (choice < 8) {
        String to = "f" + random.nextInt(NAMES);
        if (model.containsKey(to)) {
          return;
        }
        await(dir.rename(file, name, dir, null, to, Cred.ROOT));
        model.put(to, model.remove(name));
      } else {
        await(dir.remove(file, name, Cred.ROOT));
        model.remove(name);
      }
    }
  }

  /** Waits for the writers. */
  static void join(List<Thread> threads) throws InterruptedException {
    for (Thread thread : threads) {
      thread.join(TimeUnit.MINUTES.toMillis(5));
      if (thread.isAlive()) {
        throw new AssertionError(thread.getName() + " did not finish");
      }
    }
  }

  /** The mount's tree under each writer's directory equals the writer's model. */
  void verify(Mount mount) {
    try (Vnode root = await(mount.root())) {
      for (int w = 0; w < writers; w++) {
        try (Vnode dir = await(root.lookup("w" + w, Cred.ROOT))) {
          assertEquals(expected(models.get(w)), actual(dir), "directory w" + w);
        }
      }
    }
  }

  private static Map<String, String> expected(Map<String, Object> model) {
    Map<String, String> view = new TreeMap<>();
    model.forEach((name, value) -> view.put(name, value == DIR ? "<dir>"
        : new String((byte[]) value, StandardCharsets.UTF_8)));
    return view;
  }

  private static Map<String, String> actual(Vnode dir) {
    Map<String, String> view = new TreeMap<>();
    long offset = 0;
    while (true) {
      OpReply.Entries entries = await(dir.readdir(offset, 65536, 0, Cred.ROOT));
      for (DirEntry entry : entries.entries()) {
        if (entry.name().equals(".") || entry.name().equals("..")) {
          continue;
        }
        view.put(entry.name(), entry.type() == VType.VDIR ? "<dir>" : contents(dir, entry.name()));
      }
      if (entries.eof() || entries.entries().isEmpty()) {
        return view;
      }
      offset = entries.offset();
    }
  }

  private static String contents(Vnode dir, String name) {
    try (Vnode file = await(dir.lookup(name, Cred.ROOT))) {
      long size = await(file.getattr(Cred.ROOT)).size();
      Bytes data = await(file.read(0, (int) size, 0, Cred.ROOT));
      return new String(data.toByteArray(), StandardCharsets.UTF_8);
    }
  }
}
