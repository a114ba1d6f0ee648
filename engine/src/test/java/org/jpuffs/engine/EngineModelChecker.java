package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.OpenFlags;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.servers.model.FileIdentities;
import org.jpuffs.servers.model.ModelFs;
import org.jpuffs.servers.model.PathPicker;

/**
 * Drives a mounted server through the engine's client API ({@link Mount}, {@link Vnode}) and {@link ModelFs} with
 * the same random operations, and fails at the first difference: an errno, an answer (read data, a symlink target,
 * directory entries, attributes), or, every {@value #COMPARE_EVERY} operations and at the end, the whole tree read
 * back through the engine (names, types, sizes, contents, link counts, modes, symlink targets, which names share a
 * node).
 *
 * <p>Every path is resolved as namei does: one LOOKUP per component from the root, the parent's reference given back
 * once the child's is held. Every {@link Vnode} an operation takes is released before the next operation starts, so
 * that after a run the mount can be unmounted without force. Names come from a pool of four letters and paths are at
 * most three deep, so that operations collide and walk the error paths; writes that need more than one message
 * (more than {@code maxmsglen - PUFFS_MSGSTRUCT_MAX} bytes) are among them.
 *
 * <p>A run is reproducible from its seed; the failure message says how to rerun it.
 */
final class EngineModelChecker {
  /** System property that fixes the seed (otherwise random). */
  static final String SEED_PROPERTY = "jpuffs.engine.model.seed";
  /** System property with the number of operations (default {@value #DEFAULT_OPS}). */
  static final String OPS_PROPERTY = "jpuffs.engine.model.ops";
  static final int DEFAULT_OPS = 20_000;
  static final int COMPARE_EVERY = 20;

  private static final Cred CRED = Cred.ROOT;
  private static final int LOG_LINES = 25;
  /** Directory listings go in buffers of one of these sizes, the small ones taking several READDIRs. */
  private static final int[] READDIR_BUFFERS = {4096, 256, 96};

  /**
   * What a run did, for checking that it walked the paths it should.
   *
   * @param operations operations run
   * @param outcomes how often each op ended with each errno, e.g. "rename ENOTEMPTY" → 12
   * @param largeWrites successful writes longer than one message
   * @param treeComparisons whole-tree comparisons made
   * @param opNanos time spent in the operations
   * @param compareNanos time spent comparing trees
   */
  record Report(int operations, Map<String, Integer> outcomes, int largeWrites, int treeComparisons, long opNanos,
      long compareNanos) {
    /** How often any op ended with {@code errno}. */
    int count(Errno errno) {
      return outcomes.entrySet().stream().filter(e -> e.getKey().endsWith(" " + errno.symbol()))
          .mapToInt(Map.Entry::getValue).sum();
    }
  }

  private final Mount mount;
  private final ModelFs model = new ModelFs();
  private final Random random;
  private final PathPicker paths;
  private final Deque<String> log = new ArrayDeque<>();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  /** The most data one READ or WRITE message carries on this mount ({@code PUFFS_TOMOVE}). */
  private final int toMove;
  private Vnode root;
  private int operation;
  private int largeWrites;
  private int treeComparisons;
  private long opNanos;
  private long compareNanos;

  private EngineModelChecker(Mount mount, long seed) {
    this.mount = mount;
    this.random = new Random(seed);
    this.paths = new PathPicker(model, random);
    this.toMove = (int) PuffsConstants.toMove(Integer.MAX_VALUE, await(mount.args()).maxmsglen());
  }

  /** The seed from {@value #SEED_PROPERTY}, or a fresh one. */
  static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    return fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
  }

  /** The number of operations from {@value #OPS_PROPERTY}, or {@code fallback}. */
  static int operations(int fallback) {
    return Integer.getInteger(OPS_PROPERTY, fallback);
  }

  /**
   * Runs {@code ops} random operations through {@code mount}, whose root must be empty. Every vnode taken is released
   * when it returns, whether it passes or fails.
   *
   * @throws AssertionError at the first difference, naming the seed
   */
  static Report run(Mount mount, long seed, int ops) {
    return run(mount, seed, ops, done -> { });
  }

  /**
   * As {@link #run(Mount, long, int)}, telling {@code progress} the number of operations done after each one, e.g.
   * for a test that kills the server in the middle.
   */
  static Report run(Mount mount, long seed, int ops, IntConsumer progress) {
    return new EngineModelChecker(mount, seed).run(seed, ops, progress);
  }

  private Report run(long seed, int ops, IntConsumer progress) {
    int i = 0;
    root = await(mount.root());
    try {
      for (i = 0; i < ops; i++) {
        operation = i;
        long start = System.nanoTime();
        step();
        opNanos += System.nanoTime() - start;
        if ((i + 1) % COMPARE_EVERY == 0) {
          compareTrees();
        }
        progress.accept(i + 1);
      }
      compareTrees();
      return new Report(ops, Map.copyOf(outcomes), largeWrites, treeComparisons, opNanos, compareNanos);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("engine + server diverged from the model at operation " + i + " of " + ops
          + " (seed " + seed + "; rerun with -D" + SEED_PROPERTY + "=" + seed + "): " + e.getMessage()
          + "\nlast operations:\n" + String.join("\n", log), e);
    } finally {
      root.release();
    }
  }

  // ---- one random operation -----------------------------------------------------------------------------------------

  /** The vnodes one operation holds; closing gives them all back. */
  private static final class Held implements AutoCloseable {
    private final List<Vnode> vnodes = new ArrayList<>();

    Vnode hold(Vnode vnode) {
      vnodes.add(vnode);
      return vnode;
    }

    @Override
    public void close() {
      vnodes.forEach(Vnode::release);
      vnodes.clear();
    }
  }

  /** An engine call that either succeeds or fails with a {@link PuffsException}. */
  @FunctionalInterface
  private interface EngineOp {
    void run(Held held);
  }

  private void step() {
    int dice = random.nextInt(100);
    if (dice < 10) {
      String path = paths.fresh();
      makeNode("create", path, "", VType.VREG, model.create(path, VType.VREG, 0644, null),
          (dir, name) -> dir.create(name, Vattr.builder().type(VType.VREG).mode(0644).build(), CRED));
    } else if (dice < 18) {
      String path = paths.fresh();
      makeNode("mkdir", path, "", VType.VDIR, model.create(path, VType.VDIR, 0755, null),
          (dir, name) -> dir.mkdir(name, Vattr.builder().type(VType.VDIR).mode(0755).build(), CRED));
    } else if (dice < 21) {
      String path = paths.fresh();
      makeNode("mknod", path, "", VType.VFIFO, model.create(path, VType.VFIFO, 0644, null),
          (dir, name) -> dir.mknod(name, Vattr.builder().type(VType.VFIFO).mode(0644).build(), CRED));
    } else if (dice < 27) {
      String path = paths.fresh();
      String target = "../" + paths.name() + "/t" + random.nextInt(100);
      makeNode("symlink", path, " -> " + target, VType.VLNK, model.create(path, VType.VLNK, 0777, target),
          (dir, name) -> dir.symlink(name, Vattr.builder().type(VType.VLNK).mode(0777).build(), target, CRED));
    } else if (dice < 41) {
      write(pickPath(VType.VREG));
    } else if (dice < 48) {
      read(pickPath(VType.VREG));
    } else if (dice < 53) {
      truncate(pickPath(VType.VREG));
    } else if (dice < 60) {
      String path = paths.existingOrAny();
      check("remove", path, model.remove(path), held -> {
        Vnode dir = resolve(held, ModelFs.parentOf(path));
        Vnode victim = held.hold(await(dir.lookup(ModelFs.nameOf(path), CRED)));
        await(dir.remove(victim, ModelFs.nameOf(path), CRED));
      });
    } else if (dice < 65) {
      String path = paths.existingOrAny();
      check("rmdir", path, model.rmdir(path), held -> {
        Vnode dir = resolve(held, ModelFs.parentOf(path));
        Vnode victim = held.hold(await(dir.lookup(ModelFs.nameOf(path), CRED)));
        await(dir.rmdir(victim, ModelFs.nameOf(path), CRED));
      });
    } else if (dice < 79) {
      String from = paths.existingOrAny();
      String to = random.nextBoolean() ? paths.fresh() : paths.existingOrAny();
      check("rename", from + " -> " + to, model.rename(from, to), held -> rename(held, from, to));
    } else if (dice < 85) {
      String existing = paths.existingOrAny();
      String path = paths.fresh();
      check("link", existing + " as " + path, model.link(existing, path), held -> {
        Vnode target = resolve(held, existing);
        Vnode dir = resolve(held, ModelFs.parentOf(path));
        await(dir.link(target, ModelFs.nameOf(path), CRED));
      });
    } else if (dice < 89) {
      readlink(pickPath(VType.VLNK));
    } else if (dice < 93) {
      readdir(random.nextInt(4) == 0 ? "" : paths.existingOrAny());
    } else if (dice < 97) {
      getattr(paths.existingOrAny());
    } else {
      String path = paths.existingOrAny();
      int mode = 0700 | random.nextInt(0100);
      check("chmod", path + " " + Integer.toOctalString(mode), model.chmod(path, mode), held -> {
        Vnode node = resolve(held, path);
        Vattr after = await(node.setattr(Vattr.builder().mode(mode).build(), CRED));
        assertEquals(mode, after.mode() & 07777, () -> "mode SETATTR answered for /" + path);
      });
    }
  }

  /** An op that makes a node of {@code type} named {@code path}; the new vnode is released with the others. */
  private void makeNode(String op, String path, String detail, VType type, Errno expected, NodeMaker maker) {
    check(op, path + detail, expected, held -> {
      Vnode dir = resolve(held, ModelFs.parentOf(path));
      Vnode made = held.hold(await(maker.make(dir, ModelFs.nameOf(path))));
      assertEquals(type, made.type(), () -> op + " " + path + " made a vnode of the wrong type");
    });
  }

  @FunctionalInterface
  private interface NodeMaker {
    CompletionStage<Vnode> make(Vnode dir, String name);
  }

  /**
   * RENAME as rename(2) reaches it: both parents are walked (a parent that is not a directory is ENOTDIR before
   * anything else), then the source is looked up, then the target, which is handed over if it exists.
   */
  private void rename(Held held, String from, String to) {
    Vnode fromDir = resolve(held, ModelFs.parentOf(from));
    Vnode toDir = resolve(held, ModelFs.parentOf(to));
    if (fromDir.type() != VType.VDIR || toDir.type() != VType.VDIR) {
      throw new PuffsException(Errno.ENOTDIR, "a parent is not a directory");
    }
    Vnode source = held.hold(await(fromDir.lookup(ModelFs.nameOf(from), CRED)));
    Vnode target = null;
    try {
      target = held.hold(await(toDir.lookup(ModelFs.nameOf(to), CRED)));
    } catch (PuffsException e) {
      if (e.errno() != Errno.ENOENT) {
        throw e;
      }
    }
    await(fromDir.rename(source, ModelFs.nameOf(from), toDir, target, ModelFs.nameOf(to), CRED));
  }

  private void write(String path) {
    long offset = random.nextInt(3) == 0 ? random.nextInt(70_000) : random.nextInt(3000);
    int length;
    int kind = random.nextInt(100);
    // from time to time more than one message: the engine splits at maxmsglen - PUFFS_MSGSTRUCT_MAX
    boolean large = kind < 4;
    if (large) {
      length = toMove + 1 + random.nextInt(toMove);
    } else if (kind < 20) {
      length = 1 + random.nextInt(9000);
    } else {
      length = 1 + random.nextInt(600);
    }
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    Errno expected = model.write(path, offset, bytes);
    check("write", path + " @" + offset + " +" + length, expected, held -> {
      Vnode node = resolve(held, path);
      withOpen(node, OpenFlags.FREAD | OpenFlags.FWRITE, () -> await(node.write(offset, Bytes.of(bytes), 0, CRED)));
    });
    if (large && expected == Errno.OK) {
      largeWrites++;
    }
  }

  private void read(String path) {
    long offset = random.nextInt(4) == 0 ? random.nextInt(80_000) : random.nextInt(3000);
    int length = random.nextInt(10) == 0 ? toMove + 1 + random.nextInt(toMove) : 1 + random.nextInt(5000);
    ModelFs.Outcome<byte[]> expected = model.read(path, offset, length);
    check("read", path + " @" + offset + " +" + length, expected.errno(), held -> {
      Vnode node = resolve(held, path);
      byte[] got = withOpen(node, OpenFlags.FREAD, () -> await(node.read(offset, length, 0, CRED))).toByteArray();
      if (expected.errno() == Errno.OK) {
        assertContents(expected.value(), got, "READ of /" + path + " @" + offset + " +" + length);
      }
    });
  }

  private void truncate(String path) {
    int size = random.nextInt(5) == 0 ? random.nextInt(100_000) : random.nextInt(5000);
    check("truncate", path + " to " + size, model.truncate(path, size), held -> {
      Vnode node = resolve(held, path);
      Vattr after = await(node.setattr(Vattr.builder().size(size).build(), CRED));
      assertEquals(size, after.size(), () -> "size SETATTR answered for /" + path);
    });
  }

  private void readlink(String path) {
    ModelFs.Outcome<String> expected = model.readlink(path);
    check("readlink", path, expected.errno(), held -> {
      String got = await(resolve(held, path).readlink(CRED));
      if (expected.errno() == Errno.OK) {
        assertEquals(expected.value(), got, () -> "target of /" + path);
      }
    });
  }

  private void readdir(String path) {
    ModelFs.Outcome<List<String>> expected = model.readdir(path);
    int buffer = READDIR_BUFFERS[random.nextInt(READDIR_BUFFERS.length)];
    check("readdir", "/" + path + " in " + buffer + "-byte buffers", expected.errno(), held -> {
      List<String> got = names(resolve(held, path), buffer);
      if (expected.errno() == Errno.OK) {
        assertEquals(expected.value(), got, () -> "entries of /" + path);
      }
    });
  }

  private void getattr(String path) {
    ModelFs.Outcome<ModelFs.Obj> expected = model.lookup(path);
    check("getattr", path, expected.errno(), held -> {
      Vattr va = await(resolve(held, path).getattr(CRED));
      if (expected.errno() == Errno.OK) {
        compareAttributes(path, expected.value(), va);
      }
    });
  }

  /**
   * Runs {@code engineOp}, compares its errno with the model's, and gives back every vnode it took. An op compares
   * its answer itself, and only when the model expects success: a wrong errno is the clearer report.
   */
  private void check(String op, String what, Errno expected, EngineOp engineOp) {
    Errno actual;
    try (Held held = new Held()) {
      try {
        engineOp.run(held);
        actual = Errno.OK;
      } catch (PuffsException e) {
        actual = e.errno();
      }
    }
    Errno got = actual;
    outcomes.merge(op + " " + got.symbol(), 1, Integer::sum);
    log.addLast(operation + ": " + op + " " + what + " = " + got);
    while (log.size() > LOG_LINES) {
      log.removeFirst();
    }
    assertEquals(expected, got, () -> op + " " + what + ": the model says " + expected + ", the engine " + got);
  }

  /** A regular file is opened for the op and closed after it, as a system call would; other types are not. */
  private static <T> T withOpen(Vnode node, int mode, Supplier<T> io) {
    if (node.type() != VType.VREG) {
      return io.get();
    }
    await(node.open(mode, CRED));
    try {
      return io.get();
    } finally {
      await(node.close(mode, CRED));
    }
  }

  /**
   * The vnode at {@code path}, found by LOOKUPs from the root, held by {@code held}; the root itself for "". Each
   * parent's reference is given back once its child's is held, as namei does.
   */
  private Vnode resolve(Held held, String path) {
    if (path.isEmpty()) {
      return root;
    }
    Vnode at = root;
    for (String part : path.split("/")) {
      Vnode parent = at;
      try {
        at = await(parent.lookup(part, CRED));
      } finally {
        if (parent != root) {
          parent.release();
        }
      }
    }
    return held.hold(at);
  }

  /** Half the time an existing path of {@code type} if there is one, so that data ops often succeed; else any. */
  private String pickPath(VType type) {
    if (random.nextBoolean()) {
      List<String> ofType = new ArrayList<>();
      model.paths().forEach((path, o) -> {
        if (o.type() == type) {
          ofType.add(path);
        }
      });
      if (!ofType.isEmpty()) {
        return ofType.get(random.nextInt(ofType.size()));
      }
    }
    return paths.existingOrAny();
  }


  // ---- the tree -----------------------------------------------------------------------------------------------------

  private void compareTrees() {
    long start = System.nanoTime();
    treeComparisons++;
    compareDirectory("", root, new FileIdentities());
    compareNanos += System.nanoTime() - start;
  }

  private void compareDirectory(String path, Vnode dir, FileIdentities identities) {
    Vattr dirVa = await(dir.getattr(CRED));
    assertEquals(model.nlink(path), dirVa.nlink(), () -> "link count of directory /" + path);
    assertEquals(model.readdir(path).value(), names(dir, 4096), () -> "entries of /" + path);
    for (String child : model.children(path)) {
      ModelFs.Obj o = model.paths().get(child);
      try (Held held = new Held()) {
        Vnode c = held.hold(await(dir.lookup(ModelFs.nameOf(child), CRED)));
        assertEquals(o.type(), c.type(), () -> "vnode type of /" + child);
        Vattr va = await(c.getattr(CRED));
        compareAttributes(child, o, va);
        identities.check(child, o, va.fileid());
        if (o.type() == VType.VDIR) {
          compareDirectory(child, c, identities);
        } else if (o.type() == VType.VREG) {
          // one byte more than the model has, so that data beyond the model's end would show
          byte[] data = await(c.read(0, (int) va.size() + 1, 0, CRED)).toByteArray();
          assertContents(o.data(), data, "contents of /" + child);
        } else if (o.type() == VType.VLNK) {
          assertEquals(o.target(), await(c.readlink(CRED)), () -> "target of /" + child);
        }
      }
    }
  }

  /** Type, mode, and for non-directories size and link count (a directory's link count is checked with it). */
  private void compareAttributes(String path, ModelFs.Obj o, Vattr va) {
    assertEquals(o.type(), va.type(), () -> "type of /" + path);
    assertEquals(o.mode(), va.mode() & 07777, () -> "mode of /" + path);
    assertEquals(model.nlink(path), va.nlink(), () -> "link count of /" + path);
    if (o.type() != VType.VDIR) {
      assertEquals(ModelFs.size(o), va.size(), () -> "size of /" + path);
    }
  }

  private static void assertContents(byte[] expected, byte[] actual, String what) {
    if (Arrays.equals(expected, actual)) {
      return;
    }
    int at = Arrays.mismatch(expected, actual);
    throw new AssertionError(what + ": " + actual.length + " bytes, the model has " + expected.length
        + "; first difference at byte " + at + " (model hash " + Arrays.hashCode(expected) + ", engine hash "
        + Arrays.hashCode(actual) + ")");
  }

  /** Every name in {@code dir} but "." and "..", sorted, read by READDIRs of {@code buffer} bytes until EOF. */
  private static List<String> names(Vnode dir, int buffer) {
    List<String> names = new ArrayList<>();
    Set<String> dots = Set.of(".", "..");
    long offset = 0;
    while (true) {
      OpReply.Entries entries = await(dir.readdir(offset, buffer, 0, CRED));
      for (DirEntry e : entries.entries()) {
        if (!dots.contains(e.name())) {
          names.add(e.name());
        }
      }
      offset = entries.offset();
      if (entries.eof() || entries.entries().isEmpty()) {
        break;
      }
    }
    names.sort(null);
    return names;
  }
}
