package org.jpuffs.engine.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;

/**
 * Says how a replayed reply differs from the recorded one, looking only at what a replay can reproduce: the errno,
 * node types and sizes, attributes without times and without the numbers a server picks (file ids, fsid, generation,
 * block counts, the size of a directory), data (compared by {@link Checksums#sha256 SHA-256}), link targets, resids. Cookies are not compared
 * (the {@link org.jpuffs.persistence.oplog.CookieMap} maps them), nor are directory entries (a listing spans several
 * READDIRs whose split is the server's choice: {@link DirectoryListings} compares whole listings), nor STATVFS
 * figures, file handles and lock owners' pids, which describe the host rather than the session.
 */
final class ReplyComparison {

  private ReplyComparison() {}

  /** What differs, or empty if the replayed reply matches the recorded one. */
  static Optional<String> differences(PuffsReply recorded, PuffsReply replayed) {
    if (!recorded.rv().equals(replayed.rv())) {
      return Optional.of("errno " + replayed.rv() + ", recorded " + recorded.rv());
    }
    if (!recorded.isOk()) {
      return Optional.empty();
    }
    OpReply was = recorded.body();
    OpReply now = replayed.body();
    if (!was.getClass().equals(now.getClass())) {
      return Optional.of("reply " + now.getClass().getSimpleName() + ", recorded " + was.getClass().getSimpleName());
    }
    List<String> diffs = new ArrayList<>();
    if (was instanceof OpReply.NewNode a && now instanceof OpReply.NewNode b) {
      field(diffs, "type", a.vtype(), b.vtype());
      fileSize(diffs, a.vtype(), a.size(), b.size());
      field(diffs, "rdev", a.rdev(), b.rdev());
    } else if (was instanceof OpReply.NodeInfo a && now instanceof OpReply.NodeInfo b) {
      field(diffs, "type", a.vtype(), b.vtype());
      fileSize(diffs, a.vtype(), a.size(), b.size());
    } else if (was instanceof OpReply.Attributes a && now instanceof OpReply.Attributes b) {
      attributes(diffs, a.va(), b.va());
    } else if (was instanceof OpReply.ReadData a && now instanceof OpReply.ReadData b) {
      data(diffs, a.data(), b.data());
      field(diffs, "resid", a.resid(), b.resid());
    } else if (was instanceof OpReply.Resid a && now instanceof OpReply.Resid b) {
      field(diffs, "resid", a.resid(), b.resid());
    } else if (was instanceof OpReply.LinkTarget a && now instanceof OpReply.LinkTarget b) {
      field(diffs, "link", a.link(), b.link());
    } else if (was instanceof OpReply.PathconfValue a && now instanceof OpReply.PathconfValue b) {
      field(diffs, "value", a.value(), b.value());
    } else if (was instanceof OpReply.Extattr a && now instanceof OpReply.Extattr b) {
      field(diffs, "datasize", a.datasize(), b.datasize());
      data(diffs, a.data(), b.data());
    } else if (was instanceof OpReply.Opened a && now instanceof OpReply.Opened b) {
      field(diffs, "oflags", a.oflags(), b.oflags());
    } else if (was instanceof OpReply.PollReady a && now instanceof OpReply.PollReady b) {
      field(diffs, "revents", a.revents(), b.revents());
    } else if (was instanceof OpReply.Lock a && now instanceof OpReply.Lock b) {
      field(diffs, "lock type", a.lock().type(), b.lock().type());
      field(diffs, "lock start", a.lock().start(), b.lock().start());
      field(diffs, "lock len", a.lock().len(), b.lock().len());
    }
    return diffs.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", diffs));
  }

  /** The attributes a replay reproduces: not times, file ids, fsid, generation, flags, block size or block count. */
  static void attributes(List<String> diffs, Vattr was, Vattr now) {
    field(diffs, "type", was.type(), now.type());
    field(diffs, "mode", Integer.toOctalString(was.mode()), Integer.toOctalString(now.mode()));
    field(diffs, "nlink", was.nlink(), now.nlink());
    field(diffs, "uid", was.uid(), now.uid());
    field(diffs, "gid", was.gid(), now.gid());
    fileSize(diffs, was.type(), was.size(), now.size());
    field(diffs, "rdev", was.rdev(), now.rdev());
  }

  /**
   * Sizes are compared except a directory's, which is each server's own format (memfs sums its entries' record
   * lengths, a passthrough over ext4 reports blocks): the entries themselves are compared by READDIR.
   */
  private static void fileSize(List<String> diffs, VType type, long was, long now) {
    if (type != VType.VDIR) {
      field(diffs, "size", was, now);
    }
  }

  /** Data is compared byte for byte and, when it differs, reported by length and SHA-256. */
  private static void data(List<String> diffs, Bytes was, Bytes now) {
    if (!was.equals(now)) {
      field(diffs, "data length", was.size(), now.size());
      diffs.add("data sha256 " + Checksums.sha256(now) + ", recorded " + Checksums.sha256(was));
    }
  }

  private static void field(List<String> diffs, String name, Object was, Object now) {
    if (!Objects.equals(was, now)) {
      diffs.add(name + " " + now + ", recorded " + was);
    }
  }
}
