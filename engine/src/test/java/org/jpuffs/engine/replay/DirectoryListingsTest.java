package org.jpuffs.engine.replay;

import static org.jpuffs.engine.replay.Records.cookie;
import static org.jpuffs.engine.replay.Records.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.jpuffs.api.protocol.VnOp;
import org.junit.jupiter.api.Test;

class DirectoryListingsTest {

  private final DirectoryListings listings = new DirectoryListings();

  @Test
  void aRecordedOffsetIsMappedToTheNewServersOffsetAtTheSamePoint() {
    listings.translate(cookie(5), new VnOp.Readdir(0, 96, 0));
    listings.answered(cookie(5), entries(3, false, "a"), entries(1234, false, "a"));
    assertEquals(1234, listings.translate(cookie(5), new VnOp.Readdir(3, 96, 0)).offset());
  }

  @Test
  void listingsSplitDifferentlyButWithTheSameEntriesMatch() {
    listings.translate(cookie(5), new VnOp.Readdir(0, 96, 0));
    // the recording got a and b first; the new server b, then a and c
    assertEquals(Optional.empty(), listings.answered(cookie(5), entries(3, false, "a", "b"),
        entries(9, false, "b")));
    assertTrue(listings.compareIfComplete(cookie(5)).isEmpty(), "compared before the end");
    listings.translate(cookie(5), new VnOp.Readdir(3, 96, 0));
    listings.answered(cookie(5), entries(4, true, "c"), entries(12, true, "a", "c"));
    assertEquals(Optional.empty(), listings.compareIfComplete(cookie(5)));
  }

  @Test
  void whenTheRecordingEndsFirstTheNewServerIsReadOnThenCompared() {
    listings.translate(cookie(5), new VnOp.Readdir(0, 96, 0));
    assertEquals(Optional.of(9L), listings.answered(cookie(5), entries(3, true, "a", "b"), entries(9, false, "a")));
    listings.drained(cookie(5), entries(11, true, "x"));
    assertEquals("directory entries differ: missing [b:VREG], extra [x:VREG]",
        listings.compareIfComplete(cookie(5)).orElseThrow());
  }
}
