package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.servers.ForwardingServer;
import org.jpuffs.servers.model.ModelChecker;
import org.junit.jupiter.api.Test;

/** The model test is only worth something if it fails on a broken server: here are two, each with a planted bug. */
class PlantedBugTest {

  /**
   * memfs whose directory rename "forgets" to lower the old parent's link count when a directory moves to another
   * parent: the classic bug of a hand-written rename.
   */
  static final class StaleParentLinkCount extends ForwardingServer {
    private final MemFs memfs;

    StaleParentLinkCount(MemFs memfs) {
      super(memfs);
      this.memfs = memfs;
    }

    @Override
    public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName,
        Cookie targetDir, Cookie target, ComponentName targetName) {
      Node moved = memfs.peek(memfs.lookup(ctx, sourceDir, ComponentName.lookup(sourceName.name())).cookie());
      super.rename(ctx, sourceDir, source, sourceName, targetDir, target, targetName);
      if (moved.type == VType.VDIR && !sourceDir.equals(targetDir)) {
        memfs.peek(sourceDir).nlink++;
      }
    }
  }

  /** memfs whose rename over an existing file drops the replaced file's data into the renamed one (size 0). */
  static final class RenameLosesData extends ForwardingServer {
    private final MemFs memfs;

    RenameLosesData(MemFs memfs) {
      super(memfs);
      this.memfs = memfs;
    }

    @Override
    public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName,
        Cookie targetDir, Cookie target, ComponentName targetName) {
      Node moved = memfs.peek(memfs.lookup(ctx, sourceDir, ComponentName.lookup(sourceName.name())).cookie());
      boolean replacing = !target.isNone() && !target.equals(source);
      super.rename(ctx, sourceDir, source, sourceName, targetDir, target, targetName);
      if (replacing && moved.type == VType.VREG) {
        synchronized (moved) {
          moved.data.truncate(0);
        }
      }
    }
  }

  @Test
  void modelCatchesAStaleParentLinkCountAfterDirectoryRename() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> ModelChecker.run(new StaleParentLinkCount(new MemFs()), 42, ModelChecker.DEFAULT_OPS));
    assertTrue(e.getMessage().contains("link count"), e.getMessage());
    assertTrue(e.getMessage().contains("seed 42"), e.getMessage());
  }

  @Test
  void modelCatchesARenameThatLosesData() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> ModelChecker.run(new RenameLosesData(new MemFs()), 42, ModelChecker.DEFAULT_OPS));
    assertTrue(e.getMessage().contains("size") || e.getMessage().contains("contents"), e.getMessage());
  }

  @Test
  void theSameRunPassesOnTheRealServer() {
    ModelChecker.run(new MemFs(), 42, ModelChecker.DEFAULT_OPS);
  }
}
