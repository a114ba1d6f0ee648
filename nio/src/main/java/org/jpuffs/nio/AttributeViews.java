package org.jpuffs.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpuffs.api.protocol.Vattr;

/**
 * The attribute views by class and by name, and the string forms of {@code Files.readAttributes(p, "view:a,b")} and
 * {@code Files.setAttribute(p, "view:a", v)} over them. The {@code unix} view is the JDK's Linux one: the posix
 * attributes plus mode, ino, dev, rdev, nlink, uid, gid and ctime, straight from the vattr.
 */
final class AttributeViews {

  /** The views every puffs file system supports. */
  static final Set<String> NAMES = Set.of("basic", "posix", "owner", "unix", "user");

  private static final List<String> BASIC = List.of("lastModifiedTime", "lastAccessTime", "creationTime", "size",
      "isRegularFile", "isDirectory", "isSymbolicLink", "isOther", "fileKey");
  private static final List<String> POSIX = List.of("permissions", "owner", "group");
  private static final List<String> UNIX = List.of("mode", "ino", "dev", "rdev", "nlink", "uid", "gid", "ctime");

  private AttributeViews() {}

  /** The view of {@code type}, or null if puffs has none of that type. */
  static <V extends FileAttributeView> V view(Class<V> type, NodeAttributes node) {
    if (type == BasicFileAttributeView.class) {
      return type.cast(new PuffsBasicView(node));
    }
    if (type == PosixFileAttributeView.class) {
      return type.cast(new PuffsPosixView(node));
    }
    if (type == FileOwnerAttributeView.class) {
      return type.cast(new PuffsOwnerView(node));
    }
    if (type == UserDefinedFileAttributeView.class) {
      return type.cast(new PuffsUserDefinedView(node));
    }
    return null;
  }

  /** The attributes of {@code type}: basic or posix. */
  static <A extends BasicFileAttributes> A read(Class<A> type, NodeAttributes node) throws IOException {
    if (type == BasicFileAttributes.class || type == PosixFileAttributes.class) {
      return type.cast(node.read());
    }
    throw new UnsupportedOperationException("no attributes of " + type.getName());
  }

  /** {@code Files.readAttributes(path, "view:names")}. */
  static Map<String, Object> read(String attributes, NodeAttributes node) throws IOException {
    int colon = attributes.indexOf(':');
    String view = colon < 0 ? "basic" : attributes.substring(0, colon);
    String wanted = colon < 0 ? attributes : attributes.substring(colon + 1);
    if (!NAMES.contains(view)) {
      throw new UnsupportedOperationException("view '" + view + "' not available");
    }
    if (view.equals("user")) {
      return readUser(wanted, new PuffsUserDefinedView(node));
    }
    List<String> names = namesOf(view);
    Map<String, Object> all = values(node.read(), view);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : wanted.split(",")) {
      if (name.equals("*")) {
        out.putAll(all);
      } else if (names.contains(name)) {
        out.put(name, all.get(name));
      } else {
        throw new IllegalArgumentException("'" + name + "' not recognized");
      }
    }
    return out;
  }

  /** {@code Files.setAttribute(path, "view:name", value)}. */
  static void set(String attribute, Object value, NodeAttributes node) throws IOException {
    int colon = attribute.indexOf(':');
    String view = colon < 0 ? "basic" : attribute.substring(0, colon);
    String name = colon < 0 ? attribute : attribute.substring(colon + 1);
    if (!NAMES.contains(view)) {
      throw new UnsupportedOperationException("view '" + view + "' not available");
    }
    if (view.equals("user")) {
      ByteBuffer buffer = value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : (ByteBuffer) value;
      new PuffsUserDefinedView(node).write(name, buffer);
      return;
    }
    if (!namesOf(view).contains(name)) {
      throw new IllegalArgumentException("'" + attribute + "' not recognized");
    }
    PuffsPosixView posix = new PuffsPosixView(node);
    switch (name) {
      case "lastModifiedTime" -> posix.setTimes((FileTime) value, null, null);
      case "lastAccessTime" -> posix.setTimes(null, (FileTime) value, null);
      case "creationTime" -> posix.setTimes(null, null, (FileTime) value);
      case "permissions" -> posixOnly(view, name, node).setPermissions(permissions(value));
      case "owner" -> posix.setOwner((UserPrincipal) value);
      case "group" -> posixOnly(view, name, node).setGroup((GroupPrincipal) value);
      case "mode" -> unixOnly(view, name, node, Vattr.builder().mode((Integer) value & 07777).build());
      case "uid" -> unixOnly(view, name, node, Vattr.builder().uid((Integer) value).build());
      case "gid" -> unixOnly(view, name, node, Vattr.builder().gid((Integer) value).build());
      default -> throw new IllegalArgumentException("'" + attribute + "' not recognized");
    }
  }

  /** The posix view, for attributes only the posix and unix views have. */
  private static PuffsPosixView posixOnly(String view, String name, NodeAttributes node) {
    if (!view.equals("posix") && !view.equals("unix")) {
      throw new IllegalArgumentException("'" + view + ":" + name + "' not recognized");
    }
    return new PuffsPosixView(node);
  }

  private static void unixOnly(String view, String name, NodeAttributes node, Vattr va) throws IOException {
    if (!view.equals("unix")) {
      throw new IllegalArgumentException("'" + view + ":" + name + "' not recognized");
    }
    node.write(va);
  }

  @SuppressWarnings("unchecked")
  private static Set<PosixFilePermission> permissions(Object value) {
    return (Set<PosixFilePermission>) value;
  }

  private static List<String> namesOf(String view) {
    return switch (view) {
      case "basic" -> BASIC;
      case "owner" -> List.of("owner");
      case "posix" -> concat(BASIC, POSIX);
      default -> concat(concat(BASIC, POSIX), UNIX);
    };
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static Map<String, Object> values(PuffsFileAttributes attrs, String view) {
    Map<String, Object> all = new LinkedHashMap<>();
    if (view.equals("owner")) {
      all.put("owner", attrs.owner());
      return all;
    }
    all.put("lastModifiedTime", attrs.lastModifiedTime());
    all.put("lastAccessTime", attrs.lastAccessTime());
    all.put("creationTime", attrs.creationTime());
    all.put("size", attrs.size());
    all.put("isRegularFile", attrs.isRegularFile());
    all.put("isDirectory", attrs.isDirectory());
    all.put("isSymbolicLink", attrs.isSymbolicLink());
    all.put("isOther", attrs.isOther());
    all.put("fileKey", attrs.fileKey());
    if (view.equals("basic")) {
      return all;
    }
    all.put("permissions", attrs.permissions());
    all.put("owner", attrs.owner());
    all.put("group", attrs.group());
    if (view.equals("posix")) {
      return all;
    }
    Vattr va = attrs.va();
    all.put("mode", va.posixMode());
    all.put("ino", va.fileid());
    all.put("dev", va.fsid());
    all.put("rdev", Math.max(0, va.rdev()));
    all.put("nlink", (int) va.nlink());
    all.put("uid", va.uid());
    all.put("gid", va.gid());
    all.put("ctime", attrs.changeTime());
    return all;
  }

  private static Map<String, Object> readUser(String wanted, PuffsUserDefinedView view) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> names = wanted.equals("*") ? view.list() : List.of(wanted.split(","));
    for (String name : names) {
      ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
      view.read(name, buffer);
      out.put(name, buffer.array());
    }
    return out;
  }
}
