package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jpuffs.api.protocol.KFlags;
import org.junit.jupiter.api.Test;

class FuseOptionsTest {

  @Test
  void defaultsCheckPermissionsInTheKernel() {
    assertTrue(FuseOptions.parse("").defaultPermissions());
    assertEquals(List.of("default_permissions"), FuseOptions.parse(null).kernelOptions());
  }

  @Test
  void fuseOptionsBecomeKernelOptions() {
    FuseOptions o = FuseOptions.parse("allow_other,no_default_permissions,ro,fsname=demo,readers=4");
    assertEquals(List.of("allow_other", "ro"), o.kernelOptions());
    assertEquals("demo", o.fsname());
    assertEquals(4, o.readers());
  }

  @Test
  void puffsOptionsBecomeKflagsAndSwitchOffKernelCaching() {
    FuseOptions o = FuseOptions.parse("nocache,allops");
    assertEquals(KFlags.NOCACHE | KFlags.ALLOPS, o.kflags());
    assertEquals(0, o.entryTimeoutNanos());
    assertEquals(0, o.attrTimeoutNanos());
  }

  @Test
  void wtcacheKeepsKernelCaching() {
    FuseOptions o = FuseOptions.parse("wtcache,entry_timeout=0.5");
    assertEquals(KFlags.WTCACHE, o.kflags());
    assertEquals(500_000_000L, o.entryTimeoutNanos());
    assertFalse(o.allowOther());
  }

  @Test
  void unknownOptionIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FuseOptions.parse("nosuchopt"));
    assertTrue(e.getMessage().contains("nosuchopt"), e.getMessage());
  }

  @Test
  void badValuesAreErrors() {
    assertThrows(IllegalArgumentException.class, () -> FuseOptions.parse("readers=0"));
    assertThrows(IllegalArgumentException.class, () -> FuseOptions.parse("attr_timeout=-1"));
    assertThrows(IllegalArgumentException.class, () -> FuseOptions.parse("allow_other=1"));
    assertThrows(IllegalArgumentException.class, () -> FuseOptions.parse("fsname=a,b=c"));
  }

  @Test
  void locksAreTheEngineUnlessTheKernelIsAskedFor() {
    assertEquals(FuseOptions.Locks.ENGINE, FuseOptions.DEFAULT.locks());
    assertEquals(FuseOptions.Locks.KERNEL, FuseOptions.parse("locks=kernel").locks());
    assertEquals(FuseOptions.Locks.ENGINE, FuseOptions.parse("locks=kernel,locks=engine").locks(), "the last wins");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FuseOptions.parse("locks=nfs"));
    assertTrue(e.getMessage().contains("engine or kernel"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FuseOptions.parse("locks"));
  }

  @Test
  void oneReaderOnAMachineOfTwoCpusOrFewerTwoAbove() {
    assertEquals(1, FuseOptions.defaultReaders(1));
    assertEquals(1, FuseOptions.defaultReaders(2));
    assertEquals(2, FuseOptions.defaultReaders(3));
    assertEquals(2, FuseOptions.defaultReaders(64));
    assertEquals(FuseOptions.defaultReaders(Runtime.getRuntime().availableProcessors()),
        FuseOptions.DEFAULT.readers());
  }
}
