package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.FileTime;
import org.jpuffs.api.protocol.AccessMode;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.junit.jupiter.api.Test;

class PermissionsTest {

  static final int R = AccessMode.VREAD;
  static final int W = AccessMode.VWRITE;
  static final int X = AccessMode.VEXEC;
  static final Cred OWNER = Cred.user(1000, 100);
  static final Cred GROUP_MEMBER = Cred.user(1001, 200, 100);
  static final Cred STRANGER = Cred.user(1002, 300);

  static HostAttributes file(int mode, int uid, int gid) {
    FileTime t = FileTime.fromMillis(0);
    return new HostAttributes(0100000 | mode, 5, 1, 0, 1, uid, gid, 0, t, t, t, t);
  }

  static HostAttributes dir(int mode, int uid, int gid) {
    FileTime t = FileTime.fromMillis(0);
    return new HostAttributes(0040000 | mode, 6, 1, 0, 2, uid, gid, 0, t, t, t, t);
  }

  @Test
  void theFirstMatchingClassDecides() {
    HostAttributes f = file(0604, 1000, 100);
    assertTrue(Permissions.allows(OWNER, f, R | W));
    // The owner class matches first and has no group rights to fall back on.
    assertFalse(Permissions.allows(OWNER, file(0070, 1000, 100), R));
    assertFalse(Permissions.allows(GROUP_MEMBER, f, R));
    assertTrue(Permissions.allows(STRANGER, f, R));
    assertFalse(Permissions.allows(STRANGER, f, W));
  }

  @Test
  void supplementaryGroupsCount() {
    assertTrue(Permissions.allows(GROUP_MEMBER, file(0040, 0, 100), R));
  }

  @Test
  void superuserPassesExceptExecutingAFileWithoutExecuteBits() {
    HostAttributes f = file(0000, 5, 5);
    assertTrue(Permissions.allows(Cred.ROOT, f, R | W));
    assertFalse(Permissions.allows(Cred.ROOT, f, X));
    assertTrue(Permissions.allows(Cred.ROOT, file(0001, 5, 5), X));
    assertTrue(Permissions.allows(Cred.ROOT, dir(0000, 5, 5), X));
    assertTrue(Permissions.allows(Cred.FSCRED, f, R | W));
  }

  @Test
  void nocredIsAStranger() {
    assertTrue(Permissions.allows(Cred.NOCRED, file(0004, 0, 0), R));
    assertFalse(Permissions.allows(Cred.NOCRED, file(0770, 0, 0), R));
  }

  @Test
  void checkThrowsEacces() {
    assertEquals(Errno.EACCES,
        assertThrows(PuffsException.class, () -> Permissions.check(STRANGER, file(0600, 0, 0), R)).errno());
  }

  @Test
  void stickyDirectoryProtectsOthersEntries() {
    HostAttributes tmp = dir(01777, 0, 0);
    HostAttributes ownersFile = file(0666, 1000, 100);
    Permissions.checkSticky(OWNER, tmp, ownersFile);
    Permissions.checkSticky(Cred.ROOT, tmp, ownersFile);
    assertEquals(Errno.EPERM, assertThrows(PuffsException.class,
        () -> Permissions.checkSticky(STRANGER, tmp, ownersFile)).errno());
    // The directory's owner may remove anything in it.
    Permissions.checkSticky(STRANGER, dir(01777, 1002, 0), ownersFile);
    // Without the sticky bit, write permission on the directory is enough.
    Permissions.checkSticky(STRANGER, dir(0777, 0, 0), ownersFile);
  }
}
