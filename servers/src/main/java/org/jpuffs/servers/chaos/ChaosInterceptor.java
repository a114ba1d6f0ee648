package org.jpuffs.servers.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.Verdict;

/**
 * The part of the chaos server that sits in the {@link org.jpuffs.api.server.ServerRuntime}: it answers requests with
 * errors, drops replies, replaces them with broken ones, and crashes the runtime, as its {@link ChaosConfig} says.
 * Latency is injected by {@link ChaosFs}, on the server's threads, since the interceptor runs on the actor's.
 *
 * <p>A request gets at most one fault from here, tried in this order: CRASH, ERROR (before the server is called),
 * then DROP, INVALID_ERRNO, RESID_GREW, WRONG_COOKIE, BAD_VTYPE (on its reply; the last three only on successful
 * replies of the ops they apply to). So the errno the engine owes for a request is never ambiguous.
 *
 * <p>Decisions are keyed by the request id, so the same seed and the same requests give the same faults. Fire-and-
 * forget requests (id 0) are keyed by their order of arrival instead.
 */
public final class ChaosInterceptor implements RequestInterceptor {

  /** The invalid errnos INVALID_ERRNO picks from: negative, just past ELAST, and far out. */
  static final int[] INVALID_ERRNOS = {-5, -1, Errno.ELAST + 1, 200, 9999};

  private final ChaosConfig config;
  private final ChaosDice dice;
  private final ChaosCounters counters;
  private final Supplier<Cookie> rootCookie;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong fafSeen = new AtomicLong();

  /**
   * An interceptor with counters of its own.
   *
   * @param config what to inject
   * @param rootCookie the served file system's root cookie (for WRONG_COOKIE on creates)
   */
  public ChaosInterceptor(ChaosConfig config, Cookie rootCookie) {
    this(config, () -> rootCookie, new ChaosCounters());
    Objects.requireNonNull(rootCookie, "rootCookie");
  }

  ChaosInterceptor(ChaosConfig config, Supplier<Cookie> rootCookie, ChaosCounters counters) {
    this.config = Objects.requireNonNull(config, "config");
    this.dice = new ChaosDice(config.seed());
    this.counters = Objects.requireNonNull(counters, "counters");
    this.rootCookie = Objects.requireNonNull(rootCookie, "rootCookie");
  }

  /** What was injected so far. */
  public ChaosCounters counters() {
    return counters;
  }

  /** The configuration. */
  public ChaosConfig config() {
    return config;
  }

  @Override
  public Verdict onRequest(PuffsRequest request) {
    if (!config.appliesTo(request.op())) {
      return Verdict.CONTINUE;
    }
    long n = served.incrementAndGet();
    if (config.crashAfter() >= 0 && n > config.crashAfter()) {
      record(ChaosFault.CRASH, request, "crash after " + config.crashAfter() + " requests", null, null);
      return Verdict.CRASH;
    }
    long key = request.wantsReply() ? request.id() : -fafSeen.incrementAndGet();
    if (request.wantsReply() && dice.hits(ChaosFault.ERROR, key, config.probability(ChaosFault.ERROR))) {
      Errno errno = config.errnos().get(dice.pick(ChaosFault.ERROR, key, config.errnos().size()));
      record(ChaosFault.ERROR, request, "answered " + errno, errno, null);
      return Verdict.reply(PuffsReply.error(request.id(), errno));
    }
    return Verdict.CONTINUE;
  }

  @Override
  public Verdict onReply(PuffsRequest request, PuffsReply reply) {
    if (!config.appliesTo(request.op())) {
      return Verdict.CONTINUE;
    }
    long key = request.id();
    if (hits(ChaosFault.DROP, key)) {
      record(ChaosFault.DROP, request, "reply " + reply.rv() + " dropped", null, null);
      return Verdict.DROP;
    }
    if (hits(ChaosFault.INVALID_ERRNO, key)) {
      Errno bad = Errno.of(INVALID_ERRNOS[dice.pick(ChaosFault.INVALID_ERRNO, key, INVALID_ERRNOS.length)]);
      record(ChaosFault.INVALID_ERRNO, request, "errno " + bad.value(), Errno.EPROTO, PuffsErr.ERROR);
      return Verdict.reply(new PuffsReply(reply.id(), bad, reply.setbacks(), OpReply.None.INSTANCE));
    }
    if (!reply.isOk()) {
      return Verdict.CONTINUE;
    }
    Verdict v = residGrew(request, reply, key);
    if (v == null) {
      v = wrongCookie(request, reply, key);
    }
    if (v == null) {
      v = badVtype(request, reply, key);
    }
    return v == null ? Verdict.CONTINUE : v;
  }

  private Verdict residGrew(PuffsRequest request, PuffsReply reply, long key) {
    Op op = request.op();
    OpReply body = reply.body();
    boolean applies = op instanceof VnOp.Read || op instanceof VnOp.Write || op instanceof VnOp.Readdir
        || op instanceof VnOp.Readlink || op instanceof VnOp.Getextattr || op instanceof VnOp.Listextattr;
    if (!applies || !hits(ChaosFault.RESID_GREW, key)) {
      return null;
    }
    long extra = dice.between(ChaosFault.RESID_GREW, key, 1, 4096);
    OpReply grown;
    String detail;
    PuffsErr report;
    if (op instanceof VnOp.Read read && body instanceof OpReply.ReadData data) {
      grown = new OpReply.ReadData(data.data(), read.resid() + extra);
      detail = "READ resid " + (read.resid() + extra) + " > requested " + read.resid();
      report = PuffsErr.READ;
    } else if (op instanceof VnOp.Write write && body instanceof OpReply.Resid) {
      grown = new OpReply.Resid(write.data().size() + extra);
      detail = "WRITE resid " + (write.data().size() + extra) + " > written " + write.data().size();
      report = PuffsErr.WRITE;
    } else if (op instanceof VnOp.Readdir readdir && body instanceof OpReply.Entries entries) {
      List<Long> cookies = new ArrayList<>(entries.cookies());
      if (readdir.ncookies() > 0) {
        long last = cookies.isEmpty() ? entries.offset() : cookies.get(cookies.size() - 1);
        while (cookies.size() <= readdir.ncookies()) {
          cookies.add(last);
        }
      }
      grown = new OpReply.Entries(entries.entries(), cookies, entries.offset(), readdir.resid() + extra,
          entries.eof());
      detail = "READDIR resid " + (readdir.resid() + extra) + " > requested " + readdir.resid()
          + (readdir.ncookies() > 0 ? ", " + cookies.size() + " cookies > " + readdir.ncookies() : "");
      report = PuffsErr.READDIR;
    } else if (op instanceof VnOp.Readlink readlink && body instanceof OpReply.LinkTarget target) {
      int have = target.link().getBytes(StandardCharsets.UTF_8).length;
      int longer = Math.max(readlink.linklen() + 1, have + 1) - have + (int) Math.min(extra, 64);
      grown = new OpReply.LinkTarget(target.link() + "x".repeat(longer));
      detail = "READLINK of " + (have + longer) + " bytes > linklen " + readlink.linklen();
      report = PuffsErr.READLINK;
    } else if (op instanceof VnOp.Getextattr get && body instanceof OpReply.Extattr attr) {
      grown = new OpReply.Extattr(attr.data(), attr.datasize(), get.resid() + extra);
      detail = "GETEXTATTR resid " + (get.resid() + extra) + " > requested " + get.resid();
      report = PuffsErr.GETEXTATTR;
    } else if (op instanceof VnOp.Listextattr list && body instanceof OpReply.Extattr attr) {
      grown = new OpReply.Extattr(attr.data(), attr.datasize(), list.resid() + extra);
      detail = "LISTEXTATTR resid " + (list.resid() + extra) + " > requested " + list.resid();
      report = PuffsErr.LISTEXTATTR;
    } else {
      return null; // a body this op does not answer with: leave a broken server's reply as it is
    }
    record(ChaosFault.RESID_GREW, request, detail, Errno.EPROTO, report);
    return Verdict.reply(new PuffsReply(reply.id(), reply.rv(), reply.setbacks(), grown));
  }

  private Verdict wrongCookie(PuffsRequest request, PuffsReply reply, long key) {
    Op op = request.op();
    if (!(reply.body() instanceof OpReply.NewNode node) || !hits(ChaosFault.WRONG_COOKIE, key)) {
      return null;
    }
    Cookie wrong;
    PuffsErr report;
    String detail;
    if (op instanceof VnOp.Lookup) {
      wrong = request.cookie();
      report = PuffsErr.LOOKUP;
      detail = "LOOKUP answered the directory's own cookie " + wrong;
    } else if (op instanceof VnOp.Create || op instanceof VnOp.Mkdir || op instanceof VnOp.Mknod
        || op instanceof VnOp.Symlink) {
      boolean root = dice.pick(ChaosFault.WRONG_COOKIE, key, 2) == 0;
      wrong = root ? rootCookie.get() : request.cookie();
      report = PuffsErr.MAKENODE;
      detail = op.typeName() + " answered the existing " + (root ? "root" : "directory") + " cookie " + wrong;
    } else {
      return null;
    }
    record(ChaosFault.WRONG_COOKIE, request, detail, Errno.EPROTO, report);
    OpReply.NewNode changed = new OpReply.NewNode(wrong, node.vtype(), node.size(), node.rdev(), node.va(),
        node.vaTtl(), node.cnTtl(), node.consume());
    return Verdict.reply(new PuffsReply(reply.id(), reply.rv(), reply.setbacks(), changed));
  }

  private Verdict badVtype(PuffsRequest request, PuffsReply reply, long key) {
    Op op = request.op();
    boolean applies = (op instanceof VnOp.Lookup && reply.body() instanceof OpReply.NewNode)
        || (op instanceof VfsOp.FhToVp && reply.body() instanceof OpReply.NodeInfo);
    if (!applies || !hits(ChaosFault.BAD_VTYPE, key)) {
      return null;
    }
    VType bad = dice.pick(ChaosFault.BAD_VTYPE, key, 2) == 0 ? VType.VBAD : VType.VNON;
    OpReply changed;
    if (reply.body() instanceof OpReply.NewNode node) {
      changed = new OpReply.NewNode(node.cookie(), bad, node.size(), node.rdev(), node.va(), node.vaTtl(),
          node.cnTtl(), node.consume());
    } else {
      OpReply.NodeInfo info = (OpReply.NodeInfo) reply.body();
      changed = new OpReply.NodeInfo(info.cookie(), bad, info.size(), info.rdev());
    }
    record(ChaosFault.BAD_VTYPE, request, op.typeName() + " answered type " + bad, Errno.EPROTO, PuffsErr.MAKENODE);
    return Verdict.reply(new PuffsReply(reply.id(), reply.rv(), reply.setbacks(), changed));
  }

  private boolean hits(ChaosFault fault, long key) {
    return dice.hits(fault, key, config.probability(fault));
  }

  private void record(ChaosFault fault, PuffsRequest request, String detail, Errno errno, PuffsErr report) {
    counters.record(new InjectedFault(fault, request.id(), request.cookie(), request.op().opName(), detail, errno,
        report));
  }
}
