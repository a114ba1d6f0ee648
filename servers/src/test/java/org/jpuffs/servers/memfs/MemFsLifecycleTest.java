package org.jpuffs.servers.memfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.servers.conformance.ServerClient;
import org.junit.jupiter.api.Test;

/** Node lifetime (engine references, INACTIVE, RECLAIM), the mount description and time stamps. */
class MemFsLifecycleTest {
  private final TestClock clock = new TestClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final MemFs fs = MemFs.builder().clock(clock).build();
  private final ServerClient c = new ServerClient(fs, Cred.ROOT);

  private Errno errno(Runnable op) {
    return assertThrows(PuffsException.class, op::run).errno();
  }

  @Test
  void anUnlinkedFileStaysUsableUntilTheEngineReclaimsIt() {
    Cookie f = c.create(c.root(), "f", 0644);
    c.write(f, 0, "data".getBytes());
    c.remove(c.root(), "f");
    assertEquals(0, c.getattr(f).nlink());
    assertArrayEquals("data".getBytes(), c.readAll(f));
    c.write(f, 4, "more".getBytes());
    fs.reclaim(c.ctx(), f, 2); // CREATE and REMOVE's DELETE lookup

    assertEquals(Errno.ESTALE, errno(() -> c.getattr(f)));
  }

  @Test
  void aReclaimThatCrossedALookupKeepsTheNode() {
    Cookie f = c.create(c.root(), "f", 0644);
    c.lookup(c.root(), "f");
    c.remove(c.root(), "f"); // three references now: CREATE, LOOKUP, REMOVE's DELETE lookup
    fs.reclaim(c.ctx(), f, 2);
    assertEquals(0, c.getattr(f).nlink(), "one reference is still out there");
    fs.reclaim(c.ctx(), f, 1);
    assertEquals(Errno.ESTALE, errno(() -> c.getattr(f)));
  }

  @Test
  void removingAnUnreferencedNodeFreesItAtOnce() {
    Cookie f = c.create(c.root(), "f", 0644);
    fs.reclaim(c.ctx(), f, 1);
    assertEquals(1, c.getattr(f).nlink(), "a reclaimed node with a name lives on");
    long nodes = fs.capacity().usedNodes();
    fs.remove(c.ctx(), c.root(), Cookie.NONE, ComponentName.of(NameiOp.DELETE, "f"));
    assertEquals(nodes - 1, fs.capacity().usedNodes());
  }

  @Test
  void removingTheLastNameAsksForRecyclingAndSoDoesAnInactive() {
    Cookie f = c.create(c.root(), "f", 0644);
    c.link(c.root(), f, "g");
    RequestContext first = c.ctx();
    fs.remove(first, c.root(), f, ComponentName.of(NameiOp.DELETE, "f"));
    assertEquals(0, first.setbacks(), "a name is left");
    RequestContext last = c.ctx();
    fs.remove(last, c.root(), f, ComponentName.of(NameiOp.DELETE, "g"));
    assertEquals(Setbacks.NOREF_N2, last.setbacks());
    RequestContext inactive = c.ctx();
    fs.inactive(inactive, f);
    assertEquals(Setbacks.NOREF_N1, inactive.setbacks());
    RequestContext linked = c.ctx();
    fs.inactive(linked, c.root());
    assertEquals(0, linked.setbacks());
  }

  @Test
  void theRootIsNeverFreedAndUnknownReclaimsAreIgnored() {
    fs.reclaim(c.ctx(), c.root(), 1_000);
    fs.reclaim(c.ctx(), Cookie.of(123_456), 1);
    assertEquals(VType.VDIR, c.getattr(c.root()).type());
  }

  @Test
  void theMountSpecDescribesMemfs() {
    MountSpec spec = fs.mountSpec();
    assertEquals("memfs", spec.typeName());
    assertEquals(fs.rootCookie(), spec.rootCookie());
    assertNotEquals(Cookie.NONE, spec.rootCookie());
    assertEquals(VType.VDIR, spec.rootVtype());
    assertEquals(16, spec.fhSize());
    assertEquals(0, spec.fhFlags());
    assertEquals(KFlags.CACHE_FS_TTL | KFlags.IAONDEMAND, spec.kflags());
    assertEquals(RecoveryMode.REPLAY, spec.recoveryMode());
    assertEquals("memfs", spec.statvfs().fstypename());
    assertEquals(255, spec.statvfs().namemax());
  }

  @Test
  void aNewNodeHasAllItsTimesNow() {
    Cookie f = c.create(c.root(), "f", 0644);
    Vattr va = c.getattr(f);
    Timespec t0 = Timespec.of(clock.instant());
    assertEquals(t0, va.atime());
    assertEquals(t0, va.mtime());
    assertEquals(t0, va.ctime());
    assertEquals(t0, va.birthtime());
  }

  @Test
  void writesMoveMtimeAndCtimeReadsMoveAtime() {
    Cookie f = c.create(c.root(), "f", 0644);
    Timespec t0 = Timespec.of(clock.instant());
    clock.advance(Duration.ofSeconds(10));
    c.write(f, 0, "x".getBytes());
    Timespec t1 = Timespec.of(clock.instant());
    Vattr afterWrite = c.getattr(f);
    assertEquals(t0, afterWrite.atime());
    assertEquals(t1, afterWrite.mtime());
    assertEquals(t1, afterWrite.ctime());
    clock.advance(Duration.ofSeconds(10));
    c.readAll(f);
    Vattr afterRead = c.getattr(f);
    assertEquals(Timespec.of(clock.instant()), afterRead.atime());
    assertEquals(t1, afterRead.mtime());
  }

  @Test
  void metadataChangesMoveOnlyCtime() {
    Cookie f = c.create(c.root(), "f", 0644);
    Timespec t0 = Timespec.of(clock.instant());
    clock.advance(Duration.ofSeconds(5));
    c.chmod(f, 0600);
    assertEquals(Timespec.of(clock.instant()), c.getattr(f).ctime());
    assertEquals(t0, c.getattr(f).mtime());
    clock.advance(Duration.ofSeconds(5));
    c.link(c.root(), f, "g");
    assertEquals(Timespec.of(clock.instant()), c.getattr(f).ctime());
    assertEquals(t0, c.getattr(f).mtime());
  }

  @Test
  void entryChangesMoveTheDirectorysMtimeAndCtime() {
    Cookie a = c.mkdir(c.root(), "a", 0755);
    Cookie b = c.mkdir(c.root(), "b", 0755);
    c.create(a, "f", 0644);
    clock.advance(Duration.ofSeconds(7));
    Timespec now = Timespec.of(clock.instant());
    c.rename(a, "f", b, "f");
    assertEquals(now, c.getattr(a).mtime());
    assertEquals(now, c.getattr(b).mtime());
    assertEquals(now, c.getattr(b).ctime());
    assertEquals(now, c.getattr(c.lookup(b, "f")).ctime());
  }

  @Test
  void explicitCtimeIsKeptOtherwiseCtimeIsNow() {
    Cookie f = c.create(c.root(), "f", 0644);
    Vattr va = c.setattr(f, Vattr.builder().ctime(new Timespec(42, 0)).build());
    assertEquals(new Timespec(42, 0), va.ctime());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Timespec.of(clock.instant()), c.chmod(f, 0600).ctime());
  }

  @Test
  void utimesNullCountsAsNowForThePermissionCheck() {
    Cred alice = Cred.user(1000, 1000);
    Cred bob = Cred.user(1001, 1001);
    Cookie t = c.mkdir(c.root(), "t", 0777);
    Cookie f = c.as(alice).create(t, "f", 0666);
    Timespec now = Timespec.of(clock.instant());
    // the kernel fills in "now" for utimes(path, NULL) and says so with VA_UTIMES_NULL
    c.as(bob).setattr(f, Vattr.builder().atime(now).mtime(now).vaflags(Vattr.VA_UTIMES_NULL).build());
    assertEquals(Errno.EPERM, errno(() -> c.as(bob).setattr(f, Vattr.builder().atime(now).mtime(now).build())));
  }
}
