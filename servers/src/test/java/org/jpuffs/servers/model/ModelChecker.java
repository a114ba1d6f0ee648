package org.jpuffs.servers.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.conformance.ServerClient;

/**
 * Drives a server and {@link ModelFs} with the same random operations and fails at the first difference: an errno
 * that differs, or (checked every {@value #COMPARE_EVERY} operations and at the end) a tree that differs in names,
 * types, sizes, contents, link counts, modes, symlink targets or in which names share a node. Names come from a pool
 * of four letters and paths are at most three deep, so operations collide often and every error path is walked.
 *
 * <p>A run is reproducible from its seed; the failure message says how to rerun it.
 */
public final class ModelChecker {
  /** System property that fixes the seed (otherwise random). */
  public static final String SEED_PROPERTY = "jpuffs.model.seed";
  /** System property with the number of operations (default {@value #DEFAULT_OPS}). */
  public static final String OPS_PROPERTY = "jpuffs.model.ops";
  public static final int DEFAULT_OPS = 10_000;
  static final int COMPARE_EVERY = 20;

  private static final int LOG_LINES = 25;

  private final ServerClient client;
  private final HostSemantics semantics;
  private final ModelFs model;
  private final Random random;
  private final PathPicker paths;
  private final Deque<String> log = new ArrayDeque<>();

  private ModelChecker(FileSystemServer server, long seed, HostSemantics semantics) {
    this.client = new ServerClient(server, Cred.ROOT);
    this.semantics = semantics;
    this.model = new ModelFs(semantics);
    this.random = new Random(seed);
    this.paths = new PathPicker(model, random);
  }

  /** The seed from {@value #SEED_PROPERTY}, or a fresh one. */
  public static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    return fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
  }

  /** The number of operations from {@value #OPS_PROPERTY}, or {@value #DEFAULT_OPS}. */
  public static int operations() {
    return Integer.getInteger(OPS_PROPERTY, DEFAULT_OPS);
  }

  /**
   * Runs {@code ops} random operations against {@code server}, whose root must be empty.
   *
   * @throws AssertionError at the first difference, naming the seed
   */
  public static void run(FileSystemServer server, long seed, int ops) {
    run(server, seed, ops, HostSemantics.POSIX);
  }

  /**
   * Runs {@code ops} random operations against {@code server}, whose root must be empty, expecting POSIX except where
   * {@code semantics} says the server's host differs.
   *
   * @throws AssertionError at the first difference, naming the seed
   */
  public static void run(FileSystemServer server, long seed, int ops, HostSemantics semantics) {
    new ModelChecker(server, seed, semantics).run(seed, ops);
  }

  private void run(long seed, int ops) {
    int i = 0;
    try {
      for (i = 0; i < ops; i++) {
        step(i);
        if ((i + 1) % COMPARE_EVERY == 0) {
          compareTrees();
        }
      }
      compareTrees();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("server diverged from the model at operation " + i + " of " + ops + " (seed " + seed
          + "; rerun with -D" + SEED_PROPERTY + "=" + seed + "): " + e.getMessage() + "\nlast operations:\n"
          + String.join("\n", log), e);
    }
  }

  // ---- one random operation -----------------------------------------------------------------------------------------

  private void step(int i) {
    int dice = random.nextInt(100);
    // ops that make a name mostly aim into an existing directory, the others mostly at an existing name
    String path = dice < 26 || (dice >= 80 && dice < 94) ? paths.fresh() : paths.existingOrAny();
    Errno expected;
    Errno actual;
    String what;
    if (dice < 14) {
      what = "create " + path;
      expected = model.create(path, VType.VREG, 0644, null);
      actual = errno(() -> client.create(parentCookie(path), ModelFs.nameOf(path), 0644));
    } else if (dice < 26) {
      what = "mkdir " + path;
      expected = model.create(path, VType.VDIR, 0755, null);
      actual = errno(() -> client.mkdir(parentCookie(path), ModelFs.nameOf(path), 0755));
    } else if (dice < 40) {
      long offset = random.nextInt(3) == 0 ? random.nextInt(70_000) : random.nextInt(3000);
      byte[] bytes = new byte[1 + random.nextInt(random.nextInt(5) == 0 ? 9000 : 600)];
      random.nextBytes(bytes);
      what = "write " + path + " @" + offset + " +" + bytes.length;
      expected = model.write(path, offset, bytes);
      actual = errno(() -> client.write(client.resolve(path), offset, bytes));
    } else if (dice < 46) {
      int size = random.nextInt(5000);
      what = "truncate " + path + " to " + size;
      expected = model.truncate(path, size);
      actual = errno(() -> client.truncate(client.resolve(path), size));
    } else if (dice < 54) {
      what = "remove " + path;
      expected = model.remove(path);
      actual = errno(() -> client.remove(parentCookie(path), ModelFs.nameOf(path)));
    } else if (dice < 60) {
      what = "rmdir " + path;
      expected = model.rmdir(path);
      actual = errno(() -> client.rmdir(parentCookie(path), ModelFs.nameOf(path)));
    } else if (dice < 80) {
      String to = random.nextBoolean() ? paths.fresh() : paths.existingOrAny();
      what = "rename " + path + " -> " + to;
      expected = model.rename(path, to);
      actual = errno(() -> {
        Cookie from = parentCookie(path);
        Cookie into = parentCookie(to);
        client.rename(from, ModelFs.nameOf(path), into, ModelFs.nameOf(to));
      });
    } else if (dice < 88) {
      String existing = paths.existingOrAny();
      what = "link " + existing + " as " + path;
      expected = model.link(existing, path);
      actual = errno(() -> {
        Cookie target = client.resolve(existing);
        client.link(parentCookie(path), target, ModelFs.nameOf(path));
      });
    } else if (dice < 94) {
      String target = "../" + paths.name() + "/t" + random.nextInt(100);
      what = "symlink " + path + " -> " + target;
      expected = model.create(path, VType.VLNK, 0777, target);
      actual = errno(() -> client.symlink(parentCookie(path), ModelFs.nameOf(path), target));
    } else {
      int mode = 0700 | random.nextInt(0100);
      what = "chmod " + path + " " + Integer.toOctalString(mode);
      expected = model.chmod(path, mode);
      actual = errno(() -> client.chmod(client.resolve(path), mode));
    }
    remember(i + ": " + what + " = " + actual);
    assertEquals(expected, actual, () -> what + ": the model says " + expected + ", the server " + actual);
  }


  private Cookie parentCookie(String path) {
    return client.resolve(ModelFs.parentOf(path));
  }

  private static Errno errno(Runnable op) {
    try {
      op.run();
      return Errno.OK;
    } catch (PuffsException e) {
      return e.errno();
    }
  }

  private void remember(String line) {
    log.addLast(line);
    if (log.size() > LOG_LINES) {
      log.removeFirst();
    }
  }

  // ---- the tree -----------------------------------------------------------------------------------------------------

  private void compareTrees() {
    compareDirectory("", client.root(), new FileIdentities());
  }

  private void compareDirectory(String path, Cookie dir, FileIdentities identities) {
    if (semantics.directoryLinkCounts()) {
      assertEquals(model.nlink(path), client.getattr(dir).nlink(), () -> "link count of directory /" + path);
    }
    List<String> expected = new ArrayList<>();
    for (String child : model.children(path)) {
      expected.add(ModelFs.nameOf(child));
    }
    List<String> actual = new ArrayList<>(client.names(dir));
    expected.sort(null);
    actual.sort(null);
    assertEquals(expected, actual, () -> "entries of /" + path);
    for (String name : actual) {
      String child = path.isEmpty() ? name : path + "/" + name;
      ModelFs.Obj o = model.paths().get(child);
      Cookie c = client.lookup(dir, name);
      Vattr va = client.getattr(c);
      assertEquals(o.type, va.type(), () -> "type of /" + child);
      identities.check(child, o, va.fileid());
      if (o.type == VType.VDIR) {
        assertEquals(o.mode, va.mode() & 07777, () -> "mode of /" + child);
        compareDirectory(child, c, identities);
        continue;
      }
      assertEquals(model.nlink(child), va.nlink(), () -> "link count of /" + child);
      assertEquals(ModelFs.size(o), va.size(), () -> "size of /" + child);
      if (o.type == VType.VREG) {
        assertEquals(o.mode, va.mode() & 07777, () -> "mode of /" + child);
        byte[] data = client.readAll(c);
        if (!Arrays.equals(o.data, data)) {
          assertArrayEquals(o.data, data, () -> "contents of /" + child + " (model hash " + Arrays.hashCode(o.data)
              + ", server hash " + Arrays.hashCode(data) + ")");
        }
      } else if (o.type == VType.VLNK) {
        assertEquals(o.target, client.readlink(c), () -> "target of /" + child);
      }
    }
  }
}
