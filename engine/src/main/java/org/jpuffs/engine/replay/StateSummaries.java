package org.jpuffs.engine.replay;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.persistence.oplog.StateSummary;

/**
 * Captures the {@link StateSummary} of a server's tree, and compares two summaries.
 *
 * <p>The capture talks to the {@link ServerRuntime} directly (READDIR, LOOKUP, GETATTR, READ, READLINK from the
 * root), so it sees what the server holds: the recording side calls it at unmount after the engine has written its
 * caches back, and a replay calls it on the server it re-drove. Its LOOKUPs are never followed by RECLAIMs: the
 * engine of a live mount may hold the same nodes, and counting their references is its business.
 */
public final class StateSummaries {

  /** Bytes per READ and READDIR: below any server's {@code maxmsglen − PUFFS_MSGSTRUCT_MAX}. */
  private static final int CHUNK = 32 * 1024;
  /** {@code MAXPATHLEN}: the READLINK buffer. */
  private static final int MAXPATHLEN = 1024;

  private StateSummaries() {}

  /**
   * The tree of the server behind {@code server}, from {@code root}, as {@code cred} sees it.
   *
   * @param timeout the most any one request may take
   * @return the summary; fails with {@link PuffsException} if the server answers an op of the walk with an errno
   */
  public static CompletionStage<StateSummary> capture(ActorSystem<?> system, ActorRef<ServerRuntime.Command> server,
      Cookie root, Cred cred, Duration timeout) {
    ServerChannel channel = new ServerChannel(system, server, timeout);
    Walk walk = new Walk(channel, cred);
    return walk.node("/", root, VType.VDIR)
        .thenApply(ignored -> new StateSummary(walk.sortedEntries()))
        .whenComplete((summary, failure) -> channel.close());
  }

  /**
   * How {@code actual} differs from {@code expected}: paths missing or extra, and types, sizes (not of directories,
   * whose size is each server's own format), modes and content hashes that differ.
   */
  public static List<Divergence> compare(StateSummary expected, StateSummary actual) {
    Map<String, StateSummary.Entry> was = byPath(expected);
    Map<String, StateSummary.Entry> now = byPath(actual);
    List<Divergence> diffs = new ArrayList<>();
    was.forEach((path, e) -> {
      StateSummary.Entry n = now.get(path);
      if (n == null) {
        diffs.add(Divergence.finalState(path, "missing (recorded " + e.type() + ")"));
        return;
      }
      List<String> what = new ArrayList<>();
      if (e.type() != n.type()) {
        what.add("type " + n.type() + ", recorded " + e.type());
      }
      if (e.type() != VType.VDIR && e.size() != n.size()) {
        what.add("size " + n.size() + ", recorded " + e.size());
      }
      if (e.mode() != n.mode()) {
        what.add("mode " + Integer.toOctalString(n.mode()) + ", recorded " + Integer.toOctalString(e.mode()));
      }
      if (!e.contentSha256().equals(n.contentSha256())) {
        what.add("content sha256 " + n.contentSha256() + ", recorded " + e.contentSha256());
      }
      if (!what.isEmpty()) {
        diffs.add(Divergence.finalState(path, String.join(", ", what)));
      }
    });
    now.forEach((path, n) -> {
      if (!was.containsKey(path)) {
        diffs.add(Divergence.finalState(path, "extra " + n.type()));
      }
    });
    diffs.sort(Comparator.comparing(Divergence::path));
    return diffs;
  }

  private static Map<String, StateSummary.Entry> byPath(StateSummary summary) {
    Map<String, StateSummary.Entry> map = new TreeMap<>();
    summary.entries().forEach(e -> map.put(e.path(), e));
    return map;
  }

  /** One capture: asks one request at a time, so a big tree never floods the server. */
  private static final class Walk {
    private final ServerChannel channel;
    private final Cred cred;
    private final List<StateSummary.Entry> entries = Collections.synchronizedList(new ArrayList<>());

    Walk(ServerChannel channel, Cred cred) {
      this.channel = channel;
      this.cred = cred;
    }

    List<StateSummary.Entry> sortedEntries() {
      List<StateSummary.Entry> sorted = new ArrayList<>(entries);
      sorted.sort(Comparator.comparing(StateSummary.Entry::path));
      return sorted;
    }

    CompletableFuture<Void> node(String path, Cookie cookie, VType type) {
      return ask(cookie, new VnOp.Getattr(), OpReply.Attributes.class).thenCompose(attrs -> {
        CompletableFuture<String> content;
        if (type == VType.VREG) {
          content = read(cookie, 0, Checksums.digest());
        } else if (type == VType.VLNK) {
          content = ask(cookie, new VnOp.Readlink(MAXPATHLEN), OpReply.LinkTarget.class)
              .thenApply(link -> Checksums.sha256(Bytes.utf8(link.link())));
        } else {
          content = CompletableFuture.completedFuture("");
        }
        return content.thenCompose(sha -> {
          entries.add(new StateSummary.Entry(path, type, attrs.va().size(), attrs.va().mode(), sha));
          return type == VType.VDIR ? directory(path, cookie, 0, new ArrayList<>()) : done();
        });
      });
    }

    private CompletableFuture<Void> directory(String path, Cookie dir, long offset, List<DirEntry> seen) {
      return ask(dir, new VnOp.Readdir(offset, CHUNK, 0), OpReply.Entries.class).thenCompose(listing -> {
        seen.addAll(listing.entries());
        if (!listing.eof() && !listing.entries().isEmpty()) {
          return directory(path, dir, listing.offset(), seen);
        }
        return children(path, dir, seen.iterator());
      });
    }

    private CompletableFuture<Void> children(String path, Cookie dir, Iterator<DirEntry> rest) {
      while (rest.hasNext()) {
        DirEntry e = rest.next();
        if (e.name().equals(".") || e.name().equals("..")) {
          continue;
        }
        String child = path.endsWith("/") ? path + e.name() : path + "/" + e.name();
        return ask(dir, new VnOp.Lookup(ComponentName.lookup(e.name())), OpReply.NewNode.class)
            .thenCompose(found -> node(child, found.cookie(), found.vtype()))
            .thenCompose(ignored -> children(path, dir, rest));
      }
      return done();
    }

    private CompletableFuture<String> read(Cookie file, long offset, MessageDigest digest) {
      return ask(file, new VnOp.Read(offset, CHUNK, 0), OpReply.ReadData.class).thenCompose(data -> {
        if (data.data().isEmpty()) {
          return CompletableFuture.completedFuture(HexFormat.of().formatHex(digest.digest()));
        }
        digest.update(data.data().toByteArray());
        return read(file, offset + data.data().size(), digest);
      });
    }

    private <T extends OpReply> CompletableFuture<T> ask(Cookie cookie, Op op, Class<T> type) {
      return channel.send(PuffsRequest.of(1, cookie, cred, 0, op)).thenApply(reply -> body(reply, op, type));
    }

    private static <T extends OpReply> T body(PuffsReply reply, Op op, Class<T> type) {
      if (!reply.isOk()) {
        throw new PuffsException(reply.rv(), "state capture: " + op.opName() + " failed");
      }
      return type.cast(Objects.requireNonNull(reply.body(), "body"));
    }

    private static CompletableFuture<Void> done() {
      return CompletableFuture.completedFuture(null);
    }
  }
}
