package org.jpuffs.servers.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * Checks, through the server's own ops only, what must hold of any tree at rest: every entry resolves to a live node
 * of the type READDIR says; a non-directory's link count equals the number of entries naming it; a directory's is 2
 * plus its subdirectories, and its ".." is its parent; a regular file's size is the length of what READ returns.
 */
public final class TreeInvariants {
  private final ServerClient client;
  private final Map<Long, Integer> namesSeen = new HashMap<>();
  private final Map<Long, Vattr> nonDirectories = new HashMap<>();

  private TreeInvariants(ServerClient client) {
    this.client = client;
  }

  /**
   * @throws AssertionError naming the first path that breaks an invariant
   * @return the number of nodes reached
   */
  public static int check(ServerClient client) {
    TreeInvariants t = new TreeInvariants(client);
    int dirs = t.directory("", client.root(), client.root());
    for (Map.Entry<Long, Vattr> e : t.nonDirectories.entrySet()) {
      long names = t.namesSeen.get(e.getKey());
      assertEquals(names, e.getValue().nlink(), "link count of file id " + e.getKey());
    }
    return dirs + t.nonDirectories.size();
  }

  private int directory(String path, Cookie dir, Cookie parent) {
    int subdirs = 0;
    int dirsBelow = 1;
    for (DirEntry e : client.readdirAll(dir, 1024)) {
      if (e.name().equals(".") || e.name().equals("..")) {
        continue;
      }
      String child = path + "/" + e.name();
      Cookie c = client.lookup(dir, e.name());
      Vattr va = client.getattr(c);
      assertEquals(e.type(), va.type(), "READDIR type of " + child);
      assertEquals(e.fileno(), va.fileid(), "READDIR file number of " + child);
      if (va.type() == VType.VDIR) {
        subdirs++;
        dirsBelow += directory(child, c, dir);
        continue;
      }
      namesSeen.merge(va.fileid(), 1, Integer::sum);
      nonDirectories.put(va.fileid(), va);
      if (va.type() == VType.VREG) {
        assertEquals(va.size(), client.readAll(c).length, "size of " + child + " against its data");
      }
    }
    assertEquals(2 + subdirs, client.getattr(dir).nlink(), "link count of directory " + (path.isEmpty() ? "/" : path));
    assertEquals(parent, client.lookup(dir, ".."), "\"..\" of " + (path.isEmpty() ? "/" : path));
    return dirsBelow;
  }
}
