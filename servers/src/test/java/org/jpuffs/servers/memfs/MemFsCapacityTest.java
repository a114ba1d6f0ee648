package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.servers.conformance.ServerClient;
import org.junit.jupiter.api.Test;

class MemFsCapacityTest {
  private static final long MIB = 1 << 20;

  private static Errno errno(Runnable op) {
    return assertThrows(PuffsException.class, op::run).errno();
  }

  @Test
  void statvfsReportsTheCapacityAndWhatIsUsed() {
    MemFs fs = MemFs.builder().maxBytes(MIB).maxNodes(100).build();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Statvfs empty = fs.statvfs(c.ctx());
    assertEquals(4096, empty.bsize());
    assertEquals(4096, empty.frsize());
    assertEquals(256, empty.blocks());
    assertEquals(256, empty.bfree());
    assertEquals(256, empty.bavail());
    assertEquals(100, empty.files());
    assertEquals(99, empty.ffree(), "the root is a node");
    assertEquals(255, empty.namemax());
    assertEquals("memfs", empty.fstypename());

    Cookie f = c.create(c.root(), "f", 0644);
    c.write(f, 0, new byte[8192]);
    Statvfs used = fs.statvfs(c.ctx());
    assertEquals(254, used.bfree());
    assertEquals(98, used.ffree());
  }

  @Test
  void fillingUpFailsEnospcAndFreeingGivesTheSpaceBack() {
    MemFs fs = MemFs.builder().maxBytes(64 * 1024).maxNodes(100).build();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Cookie f = c.create(c.root(), "f", 0644);
    long offset = 0;
    while (true) {
      try {
        c.write(f, offset, new byte[4096]);
        offset += 4096;
      } catch (PuffsException e) {
        assertEquals(Errno.ENOSPC, e.errno());
        break;
      }
    }
    assertEquals(64 * 1024, offset);
    assertEquals(0, fs.statvfs(c.ctx()).bfree());
    c.remove(c.root(), "f");
    assertEquals(0, fs.statvfs(c.ctx()).bfree(), "still referenced by the engine: not freed yet");
    fs.reclaim(c.ctx(), f, 2); // CREATE and REMOVE's DELETE lookup each gave the engine a reference
    assertEquals(16, fs.statvfs(c.ctx()).bfree());
  }

  @Test
  void holesCostNothing() {
    MemFs fs = MemFs.builder().maxBytes(64 * 1024).build();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Cookie f = c.create(c.root(), "f", 0644);
    c.write(f, 1L << 40, new byte[] {1});
    c.truncate(f, 1L << 50);
    assertEquals(1L << 50, c.getattr(f).size());
    assertEquals(64, fs.capacity().usedBytes());
  }

  @Test
  void truncatingAndPunchingGiveStorageBack() {
    MemFs fs = MemFs.builder().maxBytes(MIB).build();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Cookie f = c.create(c.root(), "f", 0644);
    c.write(f, 0, new byte[40_960]);
    assertEquals(40_960, fs.capacity().usedBytes());
    fs.fdiscard(c.ctx(), f, 0, 8192);
    assertEquals(32_768, fs.capacity().usedBytes());
    c.truncate(f, 4096);
    assertEquals(0, fs.capacity().usedBytes(), "the only chunk left was punched");
  }

  @Test
  void unlinkedNodesCountUntilReclaimed() {
    MemFs fs = MemFs.builder().maxNodes(3).build();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Cookie f = c.create(c.root(), "f", 0644);
    c.remove(c.root(), "f");
    c.create(c.root(), "g", 0644);
    assertEquals(Errno.ENOSPC, errno(() -> c.create(c.root(), "h", 0644)));
    fs.reclaim(c.ctx(), f, 2);
    c.create(c.root(), "h", 0644);
  }

  @Test
  void extendedAttributesAndSymlinkTargetsCount() {
    MemFs fs = MemFs.builder().maxBytes(1000).build();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Cookie f = c.create(c.root(), "f", 0644);
    fs.setextattr(c.ctx(), f, ExtattrNamespace.USER, "name", Bytes.of(new byte[500]));
    assertEquals(504, fs.capacity().usedBytes());
    c.symlink(c.root(), "l", "x".repeat(400));
    assertEquals(904, fs.capacity().usedBytes());
    assertEquals(Errno.ENOSPC, errno(() -> fs.setextattr(c.ctx(), f, ExtattrNamespace.USER, "more",
        Bytes.of(new byte[200]))));
    fs.setextattr(c.ctx(), f, ExtattrNamespace.USER, "name", Bytes.of(new byte[10]));
    assertEquals(414, fs.capacity().usedBytes(), "replacing a value pays only the difference");
    fs.deleteextattr(c.ctx(), f, ExtattrNamespace.USER, "name");
    assertEquals(400, fs.capacity().usedBytes());
  }

  @Test
  void aRefusedFallocateChangesNothing() {
    MemFs fs = MemFs.builder().maxBytes(10_000).build();
    ServerClient c = new ServerClient(fs, Cred.ROOT);
    Cookie f = c.create(c.root(), "f", 0644);
    assertEquals(Errno.ENOSPC, errno(() -> fs.fallocate(c.ctx(), f, 0, 1L << 40)));
    assertEquals(Errno.ENOSPC, errno(() -> fs.fallocate(c.ctx(), f, 0, 12_288)));
    assertEquals(0, c.getattr(f).size());
    assertEquals(0, fs.capacity().usedBytes());
    fs.fallocate(c.ctx(), f, 0, 8192);
    assertEquals(8192, fs.capacity().usedBytes());
  }

  @Test
  void theDefaultCapacityIsHalfTheHeap() {
    MemFs fs = new MemFs();
    Statvfs s = fs.statvfs(new ServerClient(fs, Cred.ROOT).ctx());
    long half = Runtime.getRuntime().maxMemory() / 2;
    assertEquals(half / 4096, s.blocks());
    assertTrue(s.files() >= 1024);
  }

  @Test
  void builderRefusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> MemFs.builder().maxBytes(0));
    assertThrows(IllegalArgumentException.class, () -> MemFs.builder().maxNodes(0));
  }
}
