package org.jpuffs.engine.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FhFlags;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.api.protocol.MountFlags;
import org.jpuffs.api.protocol.PuffsConstants;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.junit.jupiter.api.Test;

/** One test per branch of {@code puffs_vfsop_mount}'s argument handling (seed lines 102-289). */
class MountArgsCheckTest {

  private static MountArgs.Builder valid() {
    return MountArgs.builder().typename("memfs").mntfromname("memfs").rootCookie(Cookie.of(1))
        .rootVtype(VType.VDIR).svfsb(Statvfs.builder().namemax(255).iosize(65536).bsize(4096).build());
  }

  private static MountArgsCheck.Accepted accept(MountArgs args) {
    return assertInstanceOf(MountArgsCheck.Accepted.class, MountArgsCheck.check(args, 0, "/mnt", true));
  }

  private static Errno reject(MountArgs args, int mountFlags, boolean server) {
    return assertInstanceOf(MountArgsCheck.Rejected.class, MountArgsCheck.check(args, mountFlags, "/mnt", server))
        .errno();
  }

  private static Errno reject(MountArgs args) {
    return reject(args, 0, true);
  }

  @Test
  void validArgumentsAreAccepted() {
    MountArgsCheck.Accepted accepted = accept(valid().build());
    assertEquals("puffs|memfs", accepted.fstype());
    assertEquals(Cookie.of(1), accepted.args().rootCookie());
  }

  @Test
  void mntUpdateIsEopnotsupp() {
    assertEquals(Errno.EOPNOTSUPP, reject(valid().build(), MountFlags.MNT_UPDATE, true));
  }

  @Test
  void versionOtherThanPuffsversionIsEinval() {
    assertEquals(Errno.EINVAL, reject(valid().version(29).build()));
    assertEquals(Errno.EINVAL, reject(valid().version(PuffsConstants.PUFFSVERSION | 0x80000000).build()));
  }

  @Test
  void kflagBitsOutsideTheMaskAreEinval() {
    assertEquals(Errno.EINVAL, reject(valid().flags(KFlags.NOCACHE_ATTR).build()));
    assertEquals(Errno.EINVAL, reject(valid().flags(0x400).build()));
    accept(valid().flags(KFlags.MASK).build());
  }

  @Test
  void fhflagBitsOutsideTheMaskAreEinval() {
    assertEquals(Errno.EINVAL, reject(valid().fhflags(0x10).build()));
    accept(valid().fhflags(FhFlags.DYNAMIC).fhsize(16).build());
  }

  @Test
  void anyNonZeroSpareIsEinval() {
    assertEquals(Errno.EINVAL, reject(valid().spare(List.of(0, 0, 0, 7)).build()));
    accept(valid().spare(List.of(0, 0, 0)).build());
  }

  @Test
  void passthroughForcesFhsizeToTheFidSize() {
    assertEquals(PuffsConstants.FID_SIZE,
        accept(valid().fhflags(FhFlags.PASSTHROUGH).fhsize(1000).build()).args().fhsize());
  }

  @Test
  void tofhsizeOverFhandleSizeMaxIsEinval() {
    // PUFFS_TOFHSIZE adds the 4-byte overlay: 1020 + 4 = 1024 fits, 1021 + 4 does not.
    accept(valid().fhsize(PuffsConstants.PUFFS_FHSIZE_MAX).build());
    assertEquals(Errno.EINVAL, reject(valid().fhsize(PuffsConstants.PUFFS_FHSIZE_MAX + 1).build()));
    assertEquals(Errno.EINVAL, reject(valid().fhsize(-1).build()));
  }

  @Test
  void nfsv2HandleTooBigIsEinval() {
    accept(valid().fhflags(FhFlags.NFSV2).fhsize(28).build());
    assertEquals(Errno.EINVAL, reject(valid().fhflags(FhFlags.NFSV2).fhsize(29).build()));
  }

  @Test
  void nfsv3HandleTooBigIsEinval() {
    accept(valid().fhflags(FhFlags.NFSV3).fhsize(60).build());
    assertEquals(Errno.EINVAL, reject(valid().fhflags(FhFlags.NFSV3).fhsize(61).build()));
  }

  @Test
  void nfsLimitsAreNotCheckedWithoutHandles() {
    accept(valid().fhflags(FhFlags.NFSV2 | FhFlags.NFSV3).fhsize(0).build());
  }

  @Test
  void namesAreTruncatedToTheirBuffersAndNonPrintingCharactersBecomeDots() {
    MountArgsCheck.Accepted accepted =
        accept(valid().typename("my\tfs\u00fc" + "x".repeat(100)).mntfromname("y".repeat(2000)).build());
    // typename: 31 bytes kept, then "puffs|" + that cut to 31 bytes; ü is two UTF-8 bytes, so two dots.
    assertEquals(("puffs|my.fs.." + "x".repeat(100)).substring(0, 31), accepted.fstype());
    assertEquals(1023, accepted.args().mntfromname().length());
    assertEquals("puffs|" + "abc", accept(valid().typename("abc\u0000def").build()).fstype());
    assertEquals("a.b", MountArgsCheck.printable("a\u007fb", 32));
  }

  @Test
  void fstypeIsPuffsPrefixPlusTypename() {
    MountArgsCheck.Accepted accepted = accept(valid().typename("dtfs").build());
    assertEquals("puffs|dtfs", accepted.fstype());
    assertEquals("puffs|dtfs", accepted.initialStatvfs().fstypename());
  }

  @Test
  void maxmsglenZeroOrTooBigBecomesTheMaximum() {
    assertEquals(PuffsConstants.PUFFS_MSG_MAXSIZE, accept(valid().maxmsglen(0).build()).args().maxmsglen());
    assertEquals(PuffsConstants.PUFFS_MSG_MAXSIZE,
        accept(valid().maxmsglen(PuffsConstants.PUFFS_MSG_MAXSIZE + 1).build()).args().maxmsglen());
    assertEquals(65536, accept(valid().maxmsglen(65536).build()).args().maxmsglen());
  }

  @Test
  void maxmsglenTooSmallBecomesTwiceTheStructMax() {
    assertEquals(2 * PuffsConstants.PUFFS_MSGSTRUCT_MAX, accept(valid().maxmsglen(1).build()).args().maxmsglen());
    assertEquals(2 * PuffsConstants.PUFFS_MSGSTRUCT_MAX,
        accept(valid().maxmsglen(2 * PuffsConstants.PUFFS_MSGSTRUCT_MAX - 1).build()).args().maxmsglen());
  }

  @Test
  void noServerToAttachToIsEnoent() {
    assertEquals(Errno.ENOENT, reject(valid().build(), 0, false));
  }

  @Test
  void rootVtypeOutsideTheNodeTypesIsEinval() {
    assertEquals(Errno.EINVAL, reject(valid().rootVtype(VType.VBAD).build()));
    for (VType type : List.of(VType.VNON, VType.VREG, VType.VDIR, VType.VBLK, VType.VCHR, VType.VLNK,
        VType.VSOCK, VType.VFIFO)) {
      accept(valid().rootVtype(type).build());
    }
  }

  @Test
  void negativeRootSizeIsEinval() {
    assertEquals(Errno.EINVAL, reject(valid().rootVsize(-1).build()));
  }

  @Test
  void initialStatvfsComesFromTheArgumentsWithIosizeDevBsize() {
    Statvfs initial = accept(valid().build()).initialStatvfs();
    assertEquals(PuffsConstants.DEV_BSIZE, initial.iosize());
    assertEquals(255, initial.namemax());
    assertEquals(4096, initial.bsize());
    assertEquals("/mnt", initial.mntonname());
  }

  @Test
  void mntLocalIsCleared() {
    Statvfs local = Statvfs.builder().flag(MountFlags.MNT_LOCAL | MountFlags.MNT_RDONLY).build();
    assertEquals(MountFlags.MNT_RDONLY, accept(valid().svfsb(local).build()).initialStatvfs().flag());
  }

  @Test
  void theFirstFailingCheckDecidesTheErrno() {
    // A bad version and no server: the version is checked first, as in the seed.
    assertEquals(Errno.EINVAL, reject(valid().version(1).build(), 0, false));
    // No server and a bad root type: the attach comes first.
    assertEquals(Errno.ENOENT, reject(valid().rootVtype(VType.VBAD).build(), 0, false));
  }
}
