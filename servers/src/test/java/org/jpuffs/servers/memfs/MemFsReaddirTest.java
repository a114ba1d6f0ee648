package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.servers.conformance.ServerClient;
import org.junit.jupiter.api.Test;

/** READDIR offsets stay valid while the directory changes between calls. */
class MemFsReaddirTest {
  private final MemFs fs = new MemFs();
  private final ServerClient c = new ServerClient(fs, Cred.ROOT);

  @Test
  void entriesPresentThroughoutAreListedExactlyOnceWhileOthersComeAndGo() {
    Cookie d = c.mkdir(c.root(), "d", 0755);
    for (int i = 0; i < 200; i++) {
      c.create(d, "keep-" + i, 0644);
      c.create(d, "temp-" + i, 0644);
    }
    Random random = new Random(3);
    Map<String, Integer> seen = new HashMap<>();
    long offset = 0;
    int created = 0;
    while (true) {
      OpReply.Entries r = fs.readdir(c.ctx(), d, offset, 40 + random.nextInt(80), 0);
      for (DirEntry e : r.entries()) {
        seen.merge(e.name(), 1, Integer::sum);
      }
      if (r.eof()) {
        break;
      }
      offset = r.offset();
      // between calls: new names, removed names (some already listed, some not), including the one just listed
      c.create(d, "new-" + created++, 0644);
      removeIfPresent(d, "temp-" + random.nextInt(200));
      DirEntry last = r.entries().get(r.entries().size() - 1);
      if (last.name().startsWith("temp-") || last.name().startsWith("new-")) {
        removeIfPresent(d, last.name());
      }
    }
    for (int i = 0; i < 200; i++) {
      assertEquals(1, seen.getOrDefault("keep-" + i, 0), "keep-" + i);
    }
    for (Map.Entry<String, Integer> e : seen.entrySet()) {
      assertEquals(1, e.getValue(), () -> e.getKey() + " listed twice");
    }
    assertEquals(1, seen.get("."));
    assertEquals(1, seen.get(".."));
  }

  @Test
  void theOffsetAfterARemovedEntryContinuesWithTheNextOne() {
    Cookie d = c.mkdir(c.root(), "d", 0755);
    for (String n : List.of("a", "b", "c", "d")) {
      c.create(d, n, 0644);
    }
    OpReply.Entries first = fs.readdir(c.ctx(), d, 0, 4096, 3);
    assertEquals(List.of(".", "..", "a"), names(first.entries()));
    c.remove(d, "a");
    c.remove(d, "b");
    OpReply.Entries rest = fs.readdir(c.ctx(), d, first.offset(), 4096, 0);
    assertEquals(List.of("c", "d"), names(rest.entries()));
    assertTrue(rest.eof());
  }

  @Test
  void aRenamedEntryIsListedAgainAtTheEnd() {
    Cookie d = c.mkdir(c.root(), "d", 0755);
    c.create(d, "a", 0644);
    c.create(d, "b", 0644);
    c.rename(d, "a", d, "z");
    assertEquals(List.of(".", "..", "b", "z"), names(c.readdirAll(d, 4096)));
  }

  @Test
  void dotAndDotDotHaveFixedOffsetsAndCookiesAreTheOffsetsAfterEachEntry() {
    Cookie d = c.mkdir(c.root(), "d", 0755);
    c.create(d, "x", 0644);
    c.create(d, "y", 0644);
    OpReply.Entries all = fs.readdir(c.ctx(), d, 0, 4096, 10);
    assertEquals(List.of(".", "..", "x", "y"), names(all.entries()));
    assertEquals(4, all.cookies().size());
    assertEquals(1L, all.cookies().get(0));
    assertEquals(2L, all.cookies().get(1));
    for (int i = 0; i < all.cookies().size(); i++) {
      OpReply.Entries after = fs.readdir(c.ctx(), d, all.cookies().get(i), 4096, 0);
      assertEquals(names(all.entries()).subList(i + 1, 4), names(after.entries()));
    }
    assertEquals(List.of("..", "x", "y"), names(fs.readdir(c.ctx(), d, 1, 4096, 0).entries()));
  }

  @Test
  void aRemovedDirectoryListsNothing() {
    Cookie d = c.mkdir(c.root(), "d", 0755);
    c.rmdir(c.root(), "d");
    OpReply.Entries r = fs.readdir(c.ctx(), d, 0, 4096, 0);
    assertTrue(r.entries().isEmpty());
    assertTrue(r.eof());
  }

  @Test
  void anOffsetPastTheEndIsEof() {
    OpReply.Entries r = fs.readdir(c.ctx(), c.root(), 1_000_000, 4096, 0);
    assertTrue(r.entries().isEmpty());
    assertTrue(r.eof());
  }

  private void removeIfPresent(Cookie d, String name) {
    if (!c.tryLookup(d, name).isNone()) {
      c.remove(d, name);
    }
  }

  private static List<String> names(List<DirEntry> entries) {
    List<String> out = new ArrayList<>();
    for (DirEntry e : entries) {
      out.add(e.name());
    }
    return out;
  }
}
