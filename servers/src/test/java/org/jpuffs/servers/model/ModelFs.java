package org.jpuffs.servers.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.VType;

/**
 * The reference model for {@link ModelChecker}: a file system as a map from path to node, written from POSIX rules
 * alone and sharing nothing with any server. Paths are relative to the root, "" being the root, components joined by
 * '/'. A hard link is two paths holding the same {@link Obj}; a directory's link count is computed, not kept.
 *
 * <p>Every op returns {@link Errno#OK} or the errno POSIX prescribes. Where several apply, it picks the one a caller
 * meets first when it walks the path component by component and then asks the file system: resolution errors
 * (ENOENT, ENOTDIR) of the source, then of the target, then the op's own checks in the order Linux makes them.
 *
 * <p>Public so that other modules' model tests (the engine's, through its test-jar) drive the same model.
 */
public final class ModelFs {

  /** A node: what paths point to. */
  public static final class Obj {
    final VType type;
    byte[] data = new byte[0];
    String target;
    int mode;

    Obj(VType type, int mode) {
      this.type = type;
      this.mode = mode;
    }

    public VType type() {
      return type;
    }

    /** The permission bits. */
    public int mode() {
      return mode;
    }

    /** A copy of a regular file's contents (empty for other types). */
    public byte[] data() {
      return data.clone();
    }

    /** A symlink's target, null for other types. */
    public String target() {
      return target;
    }
  }

  /**
   * What an op that answers something returns: the errno, and the answer when it is {@link Errno#OK}.
   *
   * @param errno OK or why the op failed
   * @param value the answer, null unless OK
   */
  public record Outcome<T>(Errno errno, T value) {
    static <T> Outcome<T> ok(T value) {
      return new Outcome<>(Errno.OK, value);
    }

    static <T> Outcome<T> failed(Errno errno) {
      return new Outcome<>(errno, null);
    }
  }

  /** The outcome of walking a path: the node, or why there is none. */
  private record Walk(Obj obj, Errno errno) {}

  private final TreeMap<String, Obj> paths = new TreeMap<>();
  private final HostSemantics semantics;

  /** A model of a file system with full POSIX semantics. */
  public ModelFs() {
    this(HostSemantics.POSIX);
  }

  /** A model of a file system whose host lacks some of POSIX's details ({@link HostSemantics}). */
  public ModelFs(HostSemantics semantics) {
    this.semantics = semantics;
    paths.put("", new Obj(VType.VDIR, 0755));
  }

  /** Every path and its node, sorted (a read-only view). */
  public NavigableMap<String, Obj> paths() {
    return Collections.unmodifiableNavigableMap(paths);
  }

  public static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  public static String nameOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Walks from the root, looking each component up in the node before it. */
  private Walk walk(String path) {
    if (path.isEmpty()) {
      return new Walk(paths.get(""), Errno.OK);
    }
    String at = "";
    Obj cur = paths.get("");
    for (String part : path.split("/")) {
      if (cur.type != VType.VDIR) {
        return new Walk(null, Errno.ENOTDIR);
      }
      at = at.isEmpty() ? part : at + "/" + part;
      cur = paths.get(at);
      if (cur == null) {
        return new Walk(null, Errno.ENOENT);
      }
    }
    return new Walk(cur, Errno.OK);
  }

  /** Walks to the parent of {@code path} and checks it is a directory the op can work in. */
  private Walk parent(String path) {
    Walk w = walk(parentOf(path));
    if (w.errno != Errno.OK) {
      return w;
    }
    if (w.obj.type != VType.VDIR) {
      return new Walk(null, Errno.ENOTDIR);
    }
    return w;
  }

  public Errno create(String path, VType type, int mode, String target) {
    Walk p = parent(path);
    if (p.errno != Errno.OK) {
      return p.errno;
    }
    if (paths.containsKey(path)) {
      return Errno.EEXIST;
    }
    Obj o = new Obj(type, mode);
    o.target = target;
    paths.put(path, o);
    return Errno.OK;
  }

  public Errno write(String path, long offset, byte[] bytes) {
    Walk w = walk(path);
    if (w.errno != Errno.OK) {
      return w.errno;
    }
    if (w.obj.type == VType.VDIR) {
      return Errno.EISDIR;
    }
    if (w.obj.type != VType.VREG) {
      return Errno.EINVAL;
    }
    int end = (int) offset + bytes.length;
    if (end > w.obj.data.length) {
      w.obj.data = Arrays.copyOf(w.obj.data, end);
    }
    System.arraycopy(bytes, 0, w.obj.data, (int) offset, bytes.length);
    return Errno.OK;
  }

  public Errno truncate(String path, int size) {
    Walk w = walk(path);
    if (w.errno != Errno.OK) {
      return w.errno;
    }
    if (w.obj.type == VType.VDIR) {
      return Errno.EISDIR;
    }
    if (w.obj.type != VType.VREG) {
      return Errno.EINVAL;
    }
    w.obj.data = Arrays.copyOf(w.obj.data, size);
    return Errno.OK;
  }

  public Errno chmod(String path, int mode) {
    Walk w = walk(path);
    if (w.errno != Errno.OK) {
      return w.errno;
    }
    if (w.obj.type == VType.VLNK && !semantics.symlinkModes()) {
      return Errno.EOPNOTSUPP;
    }
    w.obj.mode = mode;
    return Errno.OK;
  }

  public Errno remove(String path) {
    Walk p = parent(path);
    if (p.errno != Errno.OK) {
      return p.errno;
    }
    Obj o = paths.get(path);
    if (o == null) {
      return Errno.ENOENT;
    }
    if (o.type == VType.VDIR) {
      return Errno.EISDIR;
    }
    paths.remove(path);
    return Errno.OK;
  }

  public Errno rmdir(String path) {
    Walk p = parent(path);
    if (p.errno != Errno.OK) {
      return p.errno;
    }
    Obj o = paths.get(path);
    if (o == null) {
      return Errno.ENOENT;
    }
    if (o.type != VType.VDIR) {
      return Errno.ENOTDIR;
    }
    if (!children(path).isEmpty()) {
      return Errno.ENOTEMPTY;
    }
    paths.remove(path);
    return Errno.OK;
  }

  public Errno link(String existing, String path) {
    Walk e = walk(existing);
    if (e.errno != Errno.OK) {
      return e.errno;
    }
    Walk p = parent(path);
    if (p.errno != Errno.OK) {
      return p.errno;
    }
    if (paths.containsKey(path)) {
      return Errno.EEXIST;
    }
    if (e.obj.type == VType.VDIR) {
      return Errno.EPERM;
    }
    paths.put(path, e.obj);
    return Errno.OK;
  }

  public Errno rename(String from, String to) {
    // the caller walks to both parents before it asks the file system anything
    Walk fp = walk(parentOf(from));
    if (fp.errno != Errno.OK) {
      return fp.errno;
    }
    Walk tp = walk(parentOf(to));
    if (tp.errno != Errno.OK) {
      return tp.errno;
    }
    if (fp.obj.type != VType.VDIR || tp.obj.type != VType.VDIR) {
      return Errno.ENOTDIR;
    }
    Obj src = paths.get(from);
    if (src == null) {
      return Errno.ENOENT;
    }
    Obj tgt = paths.get(to);
    if (tgt == src) {
      return Errno.OK; // two names of one file: POSIX says do nothing
    }
    if (src.type == VType.VDIR) {
      if (to.startsWith(from + "/")) {
        return Errno.EINVAL;
      }
      if (tgt != null && tgt.type != VType.VDIR) {
        return Errno.ENOTDIR;
      }
      if (tgt != null && !children(to).isEmpty()) {
        return Errno.ENOTEMPTY;
      }
    } else if (tgt != null && tgt.type == VType.VDIR) {
      return Errno.EISDIR;
    }
    // move the name and, for a directory, everything below it
    List<String> moving = new ArrayList<>();
    moving.add(from);
    moving.addAll(paths.subMap(from + "/", true, from + "0", false).keySet());
    paths.remove(to);
    Map<String, Obj> moved = new TreeMap<>();
    for (String p : moving) {
      moved.put(to + p.substring(from.length()), paths.remove(p));
    }
    paths.putAll(moved);
    return Errno.OK;
  }

  /** The node at {@code path}, walking from the root as a lookup would. */
  public Outcome<Obj> lookup(String path) {
    Walk w = walk(path);
    return w.errno == Errno.OK ? Outcome.ok(w.obj) : Outcome.failed(w.errno);
  }

  /** READ: at most {@code length} bytes from {@code offset}; fewer at the end of the file, none beyond it. */
  public Outcome<byte[]> read(String path, long offset, int length) {
    Walk w = walk(path);
    if (w.errno != Errno.OK) {
      return Outcome.failed(w.errno);
    }
    if (w.obj.type == VType.VDIR) {
      return Outcome.failed(Errno.EISDIR);
    }
    if (w.obj.type != VType.VREG) {
      return Outcome.failed(Errno.EINVAL);
    }
    byte[] data = w.obj.data;
    if (offset >= data.length) {
      return Outcome.ok(new byte[0]);
    }
    int end = (int) Math.min(data.length, offset + length);
    return Outcome.ok(Arrays.copyOfRange(data, (int) offset, end));
  }

  /** READLINK: a symlink's target; anything else is EINVAL. */
  public Outcome<String> readlink(String path) {
    Walk w = walk(path);
    if (w.errno != Errno.OK) {
      return Outcome.failed(w.errno);
    }
    if (w.obj.type != VType.VLNK) {
      return Outcome.failed(Errno.EINVAL);
    }
    return Outcome.ok(w.obj.target);
  }

  /** READDIR: the names in a directory, without "." and "..", sorted; anything else is ENOTDIR. */
  public Outcome<List<String>> readdir(String path) {
    Walk w = walk(path);
    if (w.errno != Errno.OK) {
      return Outcome.failed(w.errno);
    }
    if (w.obj.type != VType.VDIR) {
      return Outcome.failed(Errno.ENOTDIR);
    }
    List<String> names = new ArrayList<>();
    for (String child : children(path)) {
      names.add(nameOf(child));
    }
    names.sort(null);
    return Outcome.ok(names);
  }

  /** The direct children of a directory path. */
  public List<String> children(String dir) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    List<String> out = new ArrayList<>();
    for (String p : paths.keySet()) {
      if (!p.isEmpty() && p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
        out.add(p);
      }
    }
    return out;
  }

  /** The link count POSIX gives the node at {@code path}: names for a file, 2 + subdirectories for a directory. */
  public long nlink(String path) {
    Obj o = paths.get(path);
    if (o.type == VType.VDIR) {
      long subdirs = 0;
      for (String c : children(path)) {
        if (paths.get(c).type == VType.VDIR) {
          subdirs++;
        }
      }
      return 2 + subdirs;
    }
    long names = 0;
    for (Obj other : paths.values()) {
      if (other == o) {
        names++;
      }
    }
    return names;
  }

  /** The size a file system reports for a non-directory. */
  public static long size(Obj o) {
    if (o.type == VType.VREG) {
      return o.data.length;
    }
    if (o.type == VType.VLNK) {
      return o.target.getBytes(StandardCharsets.UTF_8).length;
    }
    return 0;
  }
}
