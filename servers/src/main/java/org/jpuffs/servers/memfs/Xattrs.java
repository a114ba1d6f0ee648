package org.jpuffs.servers.memfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ExtattrNamespace;

/**
 * The extended attributes of one node, by namespace and name. A node gets one only when its first attribute is set,
 * so nodes without attributes pay nothing. Not thread-safe: the owning node's monitor guards it.
 */
final class Xattrs {
  /** A namespace and a name. Ordered so that listings come out sorted and snapshots deterministic. */
  record Key(int namespace, String name) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Integer.compare(namespace, o.namespace);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }

  private final TreeMap<Key, Bytes> values = new TreeMap<>();

  Bytes get(int namespace, String name) {
    return values.get(new Key(namespace, name));
  }

  /** Sets a value; returns the previous one or null. */
  Bytes put(int namespace, String name, Bytes value) {
    return values.put(new Key(namespace, name), value);
  }

  Bytes remove(int namespace, String name) {
    return values.remove(new Key(namespace, name));
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** The names in {@code namespace}, sorted. */
  List<String> names(int namespace) {
    List<String> names = new ArrayList<>();
    for (Key k : values.subMap(new Key(namespace, ""), new Key(namespace + 1, "")).keySet()) {
      names.add(k.name());
    }
    return names;
  }

  /** Every attribute, for the snapshot. */
  Map<Key, Bytes> all() {
    return values;
  }

  /** Storage an attribute takes for {@link Capacity}: name and value. */
  static long cost(String name, Bytes value) {
    return name.getBytes(StandardCharsets.UTF_8).length + (long) value.size();
  }

  /** Storage all attributes take. */
  long held() {
    long sum = 0;
    for (Map.Entry<Key, Bytes> e : values.entrySet()) {
      sum += cost(e.getKey().name(), e.getValue());
    }
    return sum;
  }

  static boolean validNamespace(int namespace) {
    return ExtattrNamespace.isValid(namespace);
  }
}
