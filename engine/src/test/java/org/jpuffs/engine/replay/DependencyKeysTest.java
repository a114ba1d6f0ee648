package org.jpuffs.engine.replay;

import static org.jpuffs.engine.replay.Records.cookie;
import static org.jpuffs.engine.replay.Records.found;
import static org.jpuffs.engine.replay.Records.name;
import static org.jpuffs.engine.replay.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.persistence.oplog.OpRecord;
import org.junit.jupiter.api.Test;

class DependencyKeysTest {

  private static final RecordedTypes TYPES = new RecordedTypes(cookie(10));

  @Test
  void aLookupReadsItsDirectoryAndWritesTheNodeItFinds() {
    var lookup = record(1, 10, new VnOp.Lookup(name("a")), found(20, VType.VREG));
    assertEquals(new DependencyKeys(Set.of(cookie(10)), Set.of(cookie(20))), DependencyKeys.of(lookup, TYPES));
  }

  @Test
  void aRemoveWritesItsDirectoryAndItsTarget() {
    var remove = record(1, 10, new VnOp.Remove(cookie(20), name("a")), OpReply.None.INSTANCE);
    assertEquals(new DependencyKeys(Set.of(), Set.of(cookie(10), cookie(20))), DependencyKeys.of(remove, TYPES));
  }

  @Test
  void aGetattrOnlyReads() {
    var getattr = record(1, 10, new VnOp.Getattr(), OpReply.None.INSTANCE);
    assertEquals(new DependencyKeys(Set.of(cookie(10)), Set.of()), DependencyKeys.of(getattr, TYPES));
  }

  @Test
  void theRenameOfADirectoryIsABarrier() {
    RecordedTypes types = new RecordedTypes(cookie(10));
    types.learn(record(1, 10, new VnOp.Lookup(name("a")), found(20, VType.VDIR)));
    var rename = record(2, 10, new VnOp.Rename(cookie(20), name("a"), cookie(11), cookie(0), name("b")),
        OpReply.None.INSTANCE);
    assertTrue(DependencyKeys.of(rename, types).isBarrier());
  }

  @Test
  void theRenameOfANodeOfUnknownTypeIsABarrier() {
    var rename = record(1, 10, new VnOp.Rename(cookie(20), name("a"), cookie(11), cookie(0), name("b")),
        OpReply.None.INSTANCE);
    assertTrue(DependencyKeys.of(rename, TYPES).isBarrier());
  }

  @Test
  void theRenameOfAFileWritesBothDirectoriesAndBothNodes() {
    RecordedTypes types = new RecordedTypes(cookie(10));
    types.learn(record(1, 10, new VnOp.Lookup(name("a")), found(20, VType.VREG)));
    var rename = record(2, 10, new VnOp.Rename(cookie(20), name("a"), cookie(11), cookie(21), name("b")),
        OpReply.None.INSTANCE);
    assertEquals(new DependencyKeys(Set.of(), Set.of(cookie(10), cookie(20), cookie(11), cookie(21))),
        DependencyKeys.of(rename, types));
  }

  @Test
  void aVfsOpWithoutANodeIsABarrier() {
    var sync = record(1, 0, new VfsOp.Sync(0), OpReply.None.INSTANCE);
    assertTrue(DependencyKeys.of(sync, TYPES).isBarrier());
  }

  @Test
  void aLookupOfANodeAnEarlierReplyNamedOnlyReadsIt() {
    RecordedTypes types = new RecordedTypes(cookie(10));
    types.learn(record(1, 10, new VnOp.Lookup(name("a")), found(20, VType.VREG)));
    var again = record(2, 10, new VnOp.Lookup(name("a")), found(20, VType.VREG));
    assertEquals(new DependencyKeys(Set.of(cookie(10), cookie(20)), Set.of()), DependencyKeys.of(again, types));
  }

  @Test
  void aNodeReclaimedIsNewAgainToTheLookupThatFindsItNext() {
    RecordedTypes types = new RecordedTypes(cookie(10));
    types.learn(record(1, 10, new VnOp.Lookup(name("a")), found(20, VType.VREG)));
    types.learn(new OpRecord(2, PuffsRequest.faf(cookie(20), Cred.FSCRED, 0, new VnOp.Reclaim(1)), null, 2, 2));
    var again = record(3, 10, new VnOp.Lookup(name("a")), found(20, VType.VREG));
    assertEquals(new DependencyKeys(Set.of(cookie(10)), Set.of(cookie(20))), DependencyKeys.of(again, types));
  }

  @Test
  void anInactiveOnlyReads() {
    var inactive = record(1, 20, new VnOp.Inactive(), OpReply.None.INSTANCE);
    assertEquals(new DependencyKeys(Set.of(cookie(20)), Set.of()), DependencyKeys.of(inactive, TYPES));
  }

  @Test
  void theReaddirsOfADirectoryStayInOrderButOnlyReadTheDirectory() {
    var readdir = record(1, 10, new VnOp.Readdir(0, 4096, 0), OpReply.None.INSTANCE);
    assertEquals(new DependencyKeys(Set.of(cookie(10)), Set.of(new DependencyKeys.Listing(cookie(10)))),
        DependencyKeys.of(readdir, TYPES));
  }
}
