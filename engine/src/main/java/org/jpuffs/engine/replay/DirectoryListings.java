package org.jpuffs.engine.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.VnOp;

/**
 * READDIR across two servers. A READDIR offset is the server's own cookie for "continue here" (memfs counts entries,
 * passthrough hashes names), so a recorded offset is mapped to the offset the new server answered at the same point
 * of the listing; and since each server splits a listing into replies as its order and record lengths fall, entries
 * are compared per listing (from offset 0 to end of directory), as a set of names and types, not per reply.
 *
 * <p>One {@link Listing} per recorded directory, keyed by its recorded cookie; the ops of one directory run in
 * recorded order (they share a {@link DependencyKeys key}), different directories concurrently.
 */
final class DirectoryListings {

  private final Map<Cookie, Listing> listings = new ConcurrentHashMap<>();

  /** The READDIR to send for recorded {@code readdir} of recorded directory {@code dir}. */
  VnOp.Readdir translate(Cookie dir, VnOp.Readdir readdir) {
    Listing listing = listings.computeIfAbsent(dir, d -> new Listing());
    if (readdir.offset() == 0) {
      listing.restart();
      return readdir;
    }
    Long mapped = listing.offsets.get(readdir.offset());
    if (mapped == null) {
      // A listing the recording joined midway (its start was before the session): sent as recorded, not compared.
      listing.tracked = false;
      return readdir;
    }
    return new VnOp.Readdir(mapped, readdir.resid(), readdir.ncookies());
  }

  /**
   * Takes one reply pair of recorded directory {@code dir}.
   *
   * @return the offset to go on reading the new server from, if the recording's listing ended here and the new
   *     server's has not (the caller reads on and hands the entries to {@link #drained}); empty otherwise
   */
  Optional<Long> answered(Cookie dir, OpReply.Entries recorded, OpReply.Entries replayed) {
    Listing listing = listings.computeIfAbsent(dir, d -> new Listing());
    listing.offsets.put(recorded.offset(), replayed.offset());
    listing.recorded.addAll(recorded.entries());
    if (!listing.replayedEof) {
      listing.replayed.addAll(replayed.entries());
      listing.replayedEof = replayed.eof();
    }
    listing.recordedEof = recorded.eof();
    return recorded.eof() && !listing.replayedEof && listing.tracked
        ? Optional.of(replayed.offset()) : Optional.empty();
  }

  /** Entries the caller read past the recording's end of listing; {@code eof} when the new server is done too. */
  void drained(Cookie dir, OpReply.Entries more) {
    Listing listing = listings.get(dir);
    listing.replayed.addAll(more.entries());
    listing.replayedEof = more.eof();
  }

  /**
   * If recorded directory {@code dir}'s listing is complete on both sides, how its entries differ (empty if they do
   * not), and the listing is forgotten; empty while it is not complete.
   */
  Optional<String> compareIfComplete(Cookie dir) {
    Listing listing = listings.get(dir);
    if (listing == null || !listing.recordedEof || !listing.replayedEof) {
      return Optional.empty();
    }
    Optional<String> diff = listing.tracked ? listing.difference() : Optional.empty();
    listing.restart();
    return diff;
  }

  /** One directory's listing in progress. */
  private static final class Listing {
    final Map<Long, Long> offsets = new HashMap<>();
    final List<DirEntry> recorded = new ArrayList<>();
    final List<DirEntry> replayed = new ArrayList<>();
    boolean recordedEof;
    boolean replayedEof;
    boolean tracked = true;

    void restart() {
      offsets.clear();
      recorded.clear();
      replayed.clear();
      recordedEof = false;
      replayedEof = false;
      tracked = true;
    }

    Optional<String> difference() {
      Map<String, Long> was = counts(recorded);
      Map<String, Long> now = counts(replayed);
      List<String> missing = new ArrayList<>();
      List<String> extra = new ArrayList<>();
      was.forEach((entry, n) -> {
        if (now.getOrDefault(entry, 0L) < n) {
          missing.add(entry);
        }
      });
      now.forEach((entry, n) -> {
        if (was.getOrDefault(entry, 0L) < n) {
          extra.add(entry);
        }
      });
      if (missing.isEmpty() && extra.isEmpty()) {
        return Optional.empty();
      }
      missing.sort(null);
      extra.sort(null);
      return Optional.of("directory entries differ: missing " + missing + ", extra " + extra);
    }

    private static Map<String, Long> counts(List<DirEntry> entries) {
      Map<String, Long> counts = new HashMap<>();
      for (DirEntry e : entries) {
        counts.merge(e.name() + ":" + e.type(), 1L, Long::sum);
      }
      return counts;
    }
  }
}
