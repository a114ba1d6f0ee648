package org.jpuffs.engine.recovery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VnOp;

/**
 * One name (parent cookie and component) per node the engine learned of, kept from the replies that pass the link, so
 * that a reattached server (whose state survived but which forgot which cookie is which path, like passthrough) can
 * be taught the nodes again by looking each one up from the root, parents first.
 *
 * <p>Not thread-safe: owned by one link actor.
 */
final class NamePaths {

  private record Name(Cookie parent, String name) {}

  private final Map<Cookie, Name> names = new HashMap<>();

  /** Learns from a request and its (engine-side) reply. */
  void learn(PuffsRequest request, PuffsReply reply) {
    if (!reply.rv().isOk()) {
      return;
    }
    if (reply.body() instanceof OpReply.NewNode node && !node.cookie().isNone()) {
      ComponentName cn = nameOf(request);
      if (cn != null && !cn.name().equals(".") && !cn.name().equals("..")) {
        names.put(node.cookie(), new Name(request.cookie(), cn.name()));
      }
    } else if (request.op() instanceof VnOp.Rename rename) {
      if (!rename.target().isNone()) {
        names.remove(rename.target());
      }
      names.put(rename.source(), new Name(rename.targetDir(), rename.targetName().name()));
    } else if (request.op() instanceof VnOp.Remove remove) {
      names.remove(remove.target());
    } else if (request.op() instanceof VnOp.Rmdir rmdir) {
      names.remove(rmdir.target());
    }
  }

  /** The engine reclaimed {@code cookie}: no need to teach it again. */
  void forget(Cookie cookie) {
    names.remove(cookie);
  }

  private static ComponentName nameOf(PuffsRequest request) {
    if (request.op() instanceof VnOp.Lookup lookup) {
      return lookup.cn();
    } else if (request.op() instanceof VnOp.Create create) {
      return create.cn();
    } else if (request.op() instanceof VnOp.Mkdir mkdir) {
      return mkdir.cn();
    } else if (request.op() instanceof VnOp.Mknod mknod) {
      return mknod.cn();
    } else if (request.op() instanceof VnOp.Symlink symlink) {
      return symlink.cn();
    }
    return null;
  }

  /**
   * A LOOKUP per known node reachable from {@code root}, parents before children, each with the reply the engine
   * expects (the node's engine cookie), as records to feed a reattached server.
   */
  List<org.jpuffs.persistence.oplog.OpRecord> lookupsFrom(Cookie root) {
    Map<Cookie, List<Cookie>> children = new HashMap<>();
    names.forEach((child, name) -> children.computeIfAbsent(name.parent(), p -> new ArrayList<>()).add(child));
    List<org.jpuffs.persistence.oplog.OpRecord> records = new ArrayList<>();
    Deque<Cookie> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Cookie parent = queue.poll();
      for (Cookie child : children.getOrDefault(parent, List.of())) {
        long id = records.size() + 1L;
        PuffsRequest lookup = PuffsRequest.of(id, parent, Cred.FSCRED, 0,
            new VnOp.Lookup(ComponentName.of(NameiOp.LOOKUP, names.get(child).name())));
        records.add(new org.jpuffs.persistence.oplog.OpRecord(id, lookup,
            PuffsReply.ok(id, OpReply.NewNode.of(child, VType.VNON, 0, 0)), 0, 0));
        queue.add(child);
      }
    }
    return records;
  }

  /** {@code true} if the engine learned of the node with {@code cookie} (an engine cookie). */
  boolean knows(Cookie cookie) {
    return names.containsKey(cookie);
  }

  /** How many nodes are known. */
  int size() {
    return names.size();
  }
}
