package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ExtattrNamespace;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.servers.conformance.ServerConformanceTest;
import org.junit.jupiter.api.Test;

/**
 * passthrough against the whole errno matrix, each test on a fresh host directory with the watcher off. Where the
 * host really differs, a hook below turns the rule off, and a test at the end pins what passthrough answers instead.
 */
class PassthroughConformanceTest extends ServerConformanceTest {

  @Override
  protected FileSystemServer newServer(Path scratch) {
    return PassthroughHosts.serve(scratch);
  }

  // No capacity knob: the host's free space is the limit, so the ENOSPC rules cannot be provoked.
  @Override
  protected FileSystemServer newServerWithCapacity(Path scratch, long maxBytes, long maxNodes) {
    return null;
  }

  @Override
  protected void closeServer(FileSystemServer server) {
    ((PassthroughFs) server).close();
  }

  // Acting as ALICE and BOB means giving nodes to them (lchown): only a server running as root can.
  @Override
  protected boolean supportsCredentials() {
    return PassthroughHosts.serverIsRoot();
  }

  // chown and chgrp to arbitrary ids need the host's CAP_CHOWN: only a server running as root has it.
  @Override
  protected boolean supportsChown() {
    return PassthroughHosts.serverIsRoot();
  }

  // mknod of a device needs the host's CAP_MKNOD: only a server running as root has it.
  @Override
  protected boolean supportsDeviceNodes() {
    return PassthroughHosts.serverIsRoot();
  }

  // Extended attributes are the host's user.* ones: only if the host file system stores them.
  @Override
  protected boolean supportsXattrs() {
    return ((PassthroughFs) server).supportsUserXattrs();
  }

  // The JDK reaches only the host's user.* namespace: system, trusted and security are EOPNOTSUPP.
  @Override
  protected boolean supportsPrivilegedXattrs() {
    return false;
  }

  // The 65000 passthrough reports is ext2/3/4's hard-link limit; other hosts enforce their own.
  @Override
  protected boolean supportsLinkMax() {
    return PassthroughHosts.hasExtLinkMax(scratch);
  }

  // ext4 (dir_nlink) lets a directory pass 65000 subdirectories, its count sticking at 1; reaching it takes a minute.
  @Override
  protected boolean supportsDirectoryLinkMax() {
    return false;
  }

  // Directory link counts are the host's: checked, since some file systems (btrfs) always report 1.
  @Override
  protected boolean supportsDirectoryLinkCounts() {
    return PassthroughHosts.countsDirectoryLinks(scratch);
  }

  // The server holds no host descriptors and the JDK cannot open by inode: a node whose last name is gone is ESTALE.
  @Override
  protected boolean supportsRemovedNodes() {
    return false;
  }

  // Cookies are host inode numbers, which ext4 and tmpfs hand out again at once after the last name is removed.
  @Override
  protected boolean supportsUniqueCookies() {
    return false;
  }

  // ---- what passthrough answers where the hooks above turn a rule off ----------------------------------------------

  @Test
  void removedNodesAreEstale() {
    Cookie f = root.create(top, "f", 0644);
    Cookie d = root.mkdir(top, "d", 0755);
    Cookie keep = root.create(top, "keep", 0644);
    root.remove(top, "f");
    root.rmdir(top, "d");
    assertErrno(Errno.ESTALE, () -> root.getattr(f));
    assertErrno(Errno.ESTALE, () -> root.read(f, 0, 1));
    assertErrno(Errno.ESTALE, () -> root.link(top, f, "g"));
    assertErrno(Errno.ESTALE, () -> root.lookup(d, ".."));
    assertErrno(Errno.ESTALE, () -> root.create(d, "x", 0644));
    assertErrno(Errno.ESTALE, () -> root.mkdir(d, "x", 0755));
    assertErrno(Errno.ESTALE, () -> root.link(d, keep, "g"));
    assertErrno(Errno.ESTALE, () -> root.rename(top, "keep", d, "keep"));
  }

  @Test
  void privilegedXattrNamespacesFailEopnotsupp() {
    assumeTrue(supportsXattrs());
    Cookie f = root.create(top, "f", 0644);
    for (int ns : new int[] {ExtattrNamespace.SYSTEM, ExtattrNamespace.TRUSTED, ExtattrNamespace.SECURITY}) {
      assertErrno(Errno.EOPNOTSUPP, () -> server.setextattr(root.ctx(), f, ns, "a", Bytes.utf8("v")));
      assertErrno(Errno.EOPNOTSUPP, () -> server.getextattr(root.ctx(), f, ns, "a", false, 1024));
      assertErrno(Errno.EOPNOTSUPP, () -> server.listextattr(root.ctx(), f, ns, false, 1024,
          VnOp.Listextattr.LENPREFIX));
      assertErrno(Errno.EOPNOTSUPP, () -> server.deleteextattr(root.ctx(), f, ns, "a"));
    }
  }

  @Test
  void xattrNamesHaveAtMost250Bytes() {
    assumeTrue(supportsXattrs());
    Cookie f = root.create(top, "f", 0644);
    // the host's 255 bytes include the "user." prefix
    server.setextattr(root.ctx(), f, ExtattrNamespace.USER, "n".repeat(250), Bytes.utf8("v"));
    assertErrno(Errno.ENAMETOOLONG, () -> server.setextattr(root.ctx(), f, ExtattrNamespace.USER, "n".repeat(251),
        Bytes.utf8("v")));
  }

  @Test
  void aRemovedCookieMayComeBackAsAnotherNode() {
    Cookie old = root.create(top, "f", 0644);
    root.remove(top, "f");
    Cookie reborn = root.create(top, "f", 0644);
    assumeTrue(old.equals(reborn), "the host did not reuse the inode number this time");
    // the server cannot tell the two apart: the name holds "the same" cookie, so it is removed
    server.remove(root.ctx(), top, old, ComponentName.of(NameiOp.DELETE, "f"));
    assertErrno(Errno.ENOENT, () -> root.lookup(top, "f"));
  }

  @Test
  void symlinkModeCannotBeSet() {
    // Linux has no lchmod (the model test's supportsSymlinkModes hook is off for the same reason)
    Cookie l = root.symlink(top, "l", "target");
    assertErrno(Errno.EOPNOTSUPP, () -> root.chmod(l, 0700));
    assertEquals(0777, root.getattr(l).mode());
  }
}
