package org.jpuffs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link Vnode#renameNoReplace}: Linux RENAME_NOREPLACE on puffs, which has no such flag. */
class RenameNoReplaceTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  private static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();

  private final EngineTesting engine = new EngineTesting(testKit);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void renamesWhenTheTargetIsAbsent() {
    Mount mount = engine.mount(new MemFs());
    try (Vnode root = EngineTesting.await(mount.root());
        Vnode a = EngineTesting.await(root.create("a", FILE, Cred.ROOT))) {
      EngineTesting.await(a.write(0, Bytes.utf8("x"), 0, Cred.ROOT));
      EngineTesting.await(root.renameNoReplace(a, "a", root, "b", Cred.ROOT));
      assertEquals(Errno.ENOENT, EngineTesting.errnoOf(root.lookup("a", Cred.ROOT)));
      try (Vnode b = EngineTesting.await(root.lookup("b", Cred.ROOT))) {
        assertEquals(a.cookie(), b.cookie());
      }
    }
  }

  @Test
  void anExistingTargetIsEexistAndStaysUntouched() {
    Mount mount = engine.mount(new MemFs());
    try (Vnode root = EngineTesting.await(mount.root());
        Vnode a = EngineTesting.await(root.create("a", FILE, Cred.ROOT));
        Vnode b = EngineTesting.await(root.create("b", FILE, Cred.ROOT))) {
      assertEquals(Errno.EEXIST, EngineTesting.errnoOf(root.renameNoReplace(a, "a", root, "b", Cred.ROOT)));
      try (Vnode stillA = EngineTesting.await(root.lookup("a", Cred.ROOT));
          Vnode stillB = EngineTesting.await(root.lookup("b", Cred.ROOT))) {
        assertEquals(a.cookie(), stillA.cookie());
        assertEquals(b.cookie(), stillB.cookie());
      }
    }
  }
}
