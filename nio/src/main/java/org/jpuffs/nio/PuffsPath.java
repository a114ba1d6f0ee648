package org.jpuffs.nio;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A path of a puffs file system: Unix-like ({@code /} separated, one root), immutable, kept as an absolute flag and a
 * list of names with empty names dropped. {@code .} and {@code ..} are kept until {@link #normalize()}, as the default
 * file system keeps them.
 */
public final class PuffsPath implements Path {

  private final PuffsFileSystem fs;
  private final boolean absolute;
  private final List<String> names;

  PuffsPath(PuffsFileSystem fs, boolean absolute, List<String> names) {
    this.fs = fs;
    this.absolute = absolute;
    this.names = List.copyOf(names);
  }

  /** Parses {@code first} and {@code more} joined with {@code /}. */
  static PuffsPath parse(PuffsFileSystem fs, String first, String... more) {
    StringBuilder joined = new StringBuilder(first);
    for (String part : more) {
      if (!part.isEmpty()) {
        if (joined.length() > 0) {
          joined.append('/');
        }
        joined.append(part);
      }
    }
    String text = joined.toString();
    if (text.indexOf('\0') >= 0) {
      throw new java.nio.file.InvalidPathException(text, "Nul character not allowed");
    }
    List<String> names = new ArrayList<>();
    for (String name : text.split("/")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return new PuffsPath(fs, text.startsWith("/"), names);
  }

  /** The names, root excluded. */
  List<String> names() {
    return names;
  }

  @Override
  public PuffsFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return absolute;
  }

  @Override
  public PuffsPath getRoot() {
    return absolute ? fs.root() : null;
  }

  /** The empty path: relative, no names. Like the default file system's, it counts as one empty name. */
  private boolean isEmptyPath() {
    return !absolute && names.isEmpty();
  }

  @Override
  public PuffsPath getFileName() {
    if (isEmptyPath()) {
      return this;
    }
    if (names.isEmpty()) {
      return null;
    }
    return new PuffsPath(fs, false, List.of(names.get(names.size() - 1)));
  }

  @Override
  public PuffsPath getParent() {
    if (names.isEmpty() || (names.size() == 1 && !absolute)) {
      return null;
    }
    return new PuffsPath(fs, absolute, names.subList(0, names.size() - 1));
  }

  @Override
  public int getNameCount() {
    return isEmptyPath() ? 1 : names.size();
  }

  @Override
  public PuffsPath getName(int index) {
    if (isEmptyPath() && index == 0) {
      return this;
    }
    if (index < 0 || index >= names.size()) {
      throw new IllegalArgumentException("no name " + index + " in " + this);
    }
    return new PuffsPath(fs, false, List.of(names.get(index)));
  }

  @Override
  public PuffsPath subpath(int beginIndex, int endIndex) {
    if (isEmptyPath() && beginIndex == 0 && endIndex == 1) {
      return this;
    }
    if (beginIndex < 0 || endIndex > names.size() || beginIndex >= endIndex) {
      throw new IllegalArgumentException("no subpath " + beginIndex + ".." + endIndex + " of " + this);
    }
    return new PuffsPath(fs, false, names.subList(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    if (!(other instanceof PuffsPath that) || that.fs != fs || that.absolute != absolute
        || that.names.size() > names.size()) {
      return false;
    }
    if (that.names.isEmpty() && !that.absolute) {
      return names.isEmpty();
    }
    return names.subList(0, that.names.size()).equals(that.names);
  }

  @Override
  public boolean endsWith(Path other) {
    if (!(other instanceof PuffsPath that) || that.fs != fs || that.names.size() > names.size()) {
      return false;
    }
    if (that.absolute) {
      return equals(that);
    }
    if (that.names.isEmpty()) {
      return names.isEmpty() && !absolute;
    }
    return names.subList(names.size() - that.names.size(), names.size()).equals(that.names);
  }

  @Override
  public PuffsPath normalize() {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
          continue;
        }
        if (absolute) {
          continue; // "/.." is "/"
        }
      }
      out.add(name);
    }
    return out.equals(names) ? this : new PuffsPath(fs, absolute, out);
  }

  @Override
  public PuffsPath resolve(Path other) {
    PuffsPath that = check(other);
    if (that.absolute) {
      return that;
    }
    if (that.names.isEmpty()) {
      return this;
    }
    List<String> joined = new ArrayList<>(names);
    joined.addAll(that.names);
    return new PuffsPath(fs, absolute, joined);
  }

  @Override
  public PuffsPath resolve(String other) {
    return resolve(parse(fs, other));
  }

  @Override
  public PuffsPath resolveSibling(Path other) {
    PuffsPath that = check(other);
    PuffsPath parent = getParent();
    return parent == null ? that : parent.resolve(that);
  }

  @Override
  public PuffsPath relativize(Path other) {
    PuffsPath that = check(other);
    if (that.absolute != absolute) {
      throw new IllegalArgumentException("'other' is different type of Path");
    }
    if (equals(that)) {
      return new PuffsPath(fs, false, List.of());
    }
    int common = 0;
    while (common < names.size() && common < that.names.size() && names.get(common).equals(that.names.get(common))) {
      common++;
    }
    List<String> out = new ArrayList<>();
    for (int i = common; i < names.size(); i++) {
      out.add("..");
    }
    out.addAll(that.names.subList(common, that.names.size()));
    return new PuffsPath(fs, false, out);
  }

  /** {@code puffs:/MOUNT/absolute/path}, with names percent-encoded as URI paths need. */
  @Override
  public URI toUri() {
    String path = "/" + fs.name() + toAbsolutePath();
    try {
      return new URI(PuffsFileSystemProvider.SCHEME, null, path, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot make a URI of " + path, e);
    }
  }

  @Override
  public PuffsPath toAbsolutePath() {
    return absolute ? this : fs.root().resolve(this);
  }

  @Override
  public PuffsPath toRealPath(LinkOption... options) throws IOException {
    return fs.tree().realPath(this, LinkOptions.follow((Object[]) options));
  }

  @Override
  public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
      throws IOException {
    if (!(watcher instanceof PuffsWatchService service) || service.fileSystem() != fs) {
      throw new ProviderMismatchException("not a watch service of " + fs);
    }
    return service.register(this, events);
  }

  @Override
  public int compareTo(Path other) {
    PuffsPath that = (PuffsPath) other;
    return toString().compareTo(that.toString());
  }

  @Override
  public Iterator<Path> iterator() {
    if (isEmptyPath()) {
      return List.<Path>of(this).iterator();
    }
    List<Path> parts = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      parts.add(getName(i));
    }
    return parts.iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PuffsPath that && that.fs == fs && that.absolute == absolute && that.names.equals(names);
  }

  @Override
  public int hashCode() {
    return Objects.hash(absolute, names);
  }

  @Override
  public String toString() {
    String joined = String.join("/", names);
    return absolute ? "/" + joined : joined;
  }

  private PuffsPath check(Path other) {
    Objects.requireNonNull(other, "other");
    if (!(other instanceof PuffsPath that) || that.fs != fs) {
      throw new ProviderMismatchException("not a path of " + fs + ": " + other);
    }
    return that;
  }
}
