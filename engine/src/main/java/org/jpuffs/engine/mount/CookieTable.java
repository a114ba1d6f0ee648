package org.jpuffs.engine.mount;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.engine.msgif.ReplyCheck;
import org.jpuffs.engine.node.NodeActor;
import org.jpuffs.engine.node.NodeHandle;

/**
 * The mount's cookie → node table ({@code puffs_cookie2vnode} over vcache). Only the mount actor changes it; node
 * actors (checking replies) and the sop actor (finding a node to invalidate) read it concurrently, which is why it is
 * a concurrent map and why an entry's identity fields are final.
 */
final class CookieTable implements ReplyCheck.Cookies {

  /**
   * One live node. The opens and nlookup are the mount actor's alone; the references live in the handle, because
   * clients take them there without asking the mount (a name-cache hit).
   */
  static final class Entry {
    final NodeHandle handle;
    int opens;
    long nlookup;
    boolean inactive;
    /** The server said (NOREF setback) it holds no references: recycle the node as soon as it is idle. */
    boolean noRefs;

    Entry(NodeHandle handle) {
      this.handle = handle;
    }

    boolean isIdle() {
      return handle.references().count() <= 0 && opens == 0;
    }

    /** A reference the mount hands out itself (root, a lookup reply, "."); the node is live, so it cannot fail. */
    void addReference() {
      if (!handle.references().tryAcquire()) {
        throw new IllegalStateException("reference to retired node " + handle.cookie());
      }
    }

    ActorRef<NodeActor.Command> actor() {
      return handle.actor();
    }

    VType vtype() {
      return handle.vtype();
    }
  }

  private final Cookie root;
  private final ConcurrentHashMap<Cookie, Entry> entries = new ConcurrentHashMap<>();

  CookieTable(Cookie root) {
    this.root = root;
  }

  @Override
  public Cookie root() {
    return root;
  }

  @Override
  public boolean exists(Cookie cookie) {
    return entries.containsKey(cookie);
  }

  Entry get(Cookie cookie) {
    return entries.get(cookie);
  }

  void put(Entry entry) {
    entries.put(entry.handle.cookie(), entry);
  }

  Entry remove(Cookie cookie) {
    return entries.remove(cookie);
  }

  Collection<Entry> all() {
    return entries.values();
  }

  int size() {
    return entries.size();
  }
}
