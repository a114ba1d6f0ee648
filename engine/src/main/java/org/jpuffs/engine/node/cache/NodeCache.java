package org.jpuffs.engine.node.cache;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.engine.node.NodeHandle;

/**
 * The caches of one node as client threads see them: its attributes with their expiry, its name entries (for a
 * directory), its remembered parent (CACHE_DOTDOT), its local time and size changes (the metadata cache), which
 * overlay every attribute answer. The node's actor is the only writer, but for one field: a client reading through
 * the page cache stamps the access time itself, so that a read hit stays free of messages. Clients read without a
 * lock or a message, which is what makes a hit cost no actor hop. Every published value is immutable, so a reader
 * sees a whole entry or none; a reader racing a purge may still see the entry it read just before — the same window
 * a kernel name cache has between a lookup and the vnode lock.
 */
public final class NodeCache {
  private final MountCaches mount;
  private final ConcurrentHashMap<String, NameEntry> names = new ConcurrentHashMap<>();
  private final FilePages pages;
  private volatile CachedAttributes attributes;
  /** The last overlay made, by whichever thread: the same inputs give the same attributes. */
  private volatile Overlaid lastOverlay;
  /** Local mtime, ctime and size changes; the actor writes them. */
  private volatile MetadataChanges metadata = MetadataChanges.NONE;
  /** The wall-clock time of the last read through the page cache, 0 if none since the last flush; clients write. */
  private final AtomicLong accessedAt = new AtomicLong();
  private volatile NodeHandle parent;
  private volatile int generation;
  private volatile boolean closed;
  /** Whether the actor has pushes or a metadata SETATTR at the server, not yet answered. */
  private volatile boolean flushing;

  /** Attributes {@code server} with {@code changes} and the access time {@code accessed} overlaid: {@code va}. */
  private record Overlaid(Vattr server, MetadataChanges changes, long accessed, Vattr va) {}

  public NodeCache(MountCaches mount) {
    this.mount = Objects.requireNonNull(mount, "mount");
    this.pages = new FilePages(mount);
  }

  /** The file's pages (empty and off for anything but a regular file of a mount with the page cache). */
  public FilePages pages() {
    return pages;
  }

  /** The mount's caches. */
  public MountCaches mount() {
    return mount;
  }

  // ---- readers (any thread) ----

  /** The cached attributes if their TTL has not passed, else null; local changes overlaid. */
  public Vattr attributes() {
    CachedAttributes now = attributes;
    return now != null && now.validAt(mount.now()) ? overlay(now.va()) : null;
  }

  /** {@code va} with the local time and size changes in place of the server's ({@code update_va}). */
  public Vattr overlay(Vattr va) {
    MetadataChanges changes = metadata;
    long accessed = accessedAt.get();
    if (accessed == 0 && changes == MetadataChanges.NONE) {
      return va;
    }
    // A stat storm after a read would build the same attributes again and again: the last answer is kept.
    Overlaid last = lastOverlay;
    if (last != null && last.server() == va && last.changes() == changes && last.accessed() == accessed) {
      return last.va();
    }
    MetadataChanges all = accessed == 0 ? changes : changes.withAtime(MetadataChanges.timeOf(accessed));
    Vattr result = all.overlay(va);
    lastOverlay = new Overlaid(va, changes, accessed, result);
    return result;
  }

  /** The local changes the server has not heard of, the access time of the last read included. */
  public MetadataChanges metadataChanges() {
    MetadataChanges now = metadata;
    long accessed = accessedAt.get();
    return accessed == 0 ? now : now.withAtime(MetadataChanges.timeOf(accessed));
  }

  /** A client read through the page cache (hit or miss): the access time is now ({@code PUFFS_UPDATEATIME}). */
  public void accessed() {
    if (mount.cachesMetadata() && !closed) {
      // A plain ordered store: no fence on the hot path, and the actor only needs to see it eventually.
      accessedAt.lazySet(mount.epochNanos());
    }
  }

  /** The valid entry for {@code name} in this directory, or null (no entry, expired, or purged). */
  public NameEntry name(String name) {
    NameEntry entry = names.get(name);
    if (entry == null || entry.epoch() != mount.nameEpoch() || !Expiry.validAt(entry.expiresAt(), mount.now())) {
      return null;
    }
    if (entry.child() != null && entry.child().cache().generation != entry.childGeneration()) {
      return null;
    }
    return entry;
  }

  /** The remembered parent (CACHE_DOTDOT), or null. */
  public NodeHandle parent() {
    return parent;
  }

  /** {@code false} once the node is reclaimed or its server gone: nothing is answered from it any more. */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Whether the node holds write-back state the server has not taken yet: dirty pages, local metadata changes (a
   * read's access time included), or a flush still at the server. {@code false} means an op on the node sent now
   * cannot race one of its flushes, unless another client dirties it at the same time.
   */
  public boolean hasUnflushedState() {
    return flushing || pages.hasDirty() || !metadata.isEmpty() || accessedAt.get() != 0;
  }

  /** How many name entries the directory holds (valid or not), for tests and statistics. */
  public int nameCount() {
    return names.size();
  }

  // ---- writers (the node's actor only) ----

  /** Keeps {@code va} for {@code ttl} ({@code update_va}); a TTL of zero is "not given" and keeps nothing. */
  public void publishAttributes(Vattr va, Timespec ttl) {
    if (!mount.cachesAttributes() || closed) {
      return;
    }
    if (!Expiry.isGiven(ttl)) {
      attributes = null;
      return;
    }
    attributes = new CachedAttributes(va, Expiry.after(mount.now(), ttl));
  }

  /** A write changed the file's times now, and its size to {@code size} if set (the write grew the file). */
  public void written(long size) {
    if (mount.cachesMetadata() && !closed) {
      metadata = metadata.written(MetadataChanges.timeOf(mount.epochNanos()), size);
    }
  }

  /** The server knows the file's size now: the local size goes out of the overlay. */
  public void sizeKnown() {
    if (Vattr.isSet(metadata.size())) {
      metadata = metadata.withSize(Vattr.VNOVAL);
    }
  }

  /** The server took {@code sent} (a flush or a folded SETATTR): the fields still as they were sent are gone. */
  public void metadataSent(MetadataChanges sent) {
    metadata = metadata.without(sent.withAtime(Timespec.VNOVAL));
    if (!sent.atime().equals(Timespec.VNOVAL)) {
      accessedAt.compareAndSet(MetadataChanges.nanosOf(sent.atime()), 0);
    }
  }

  /** A client's SETATTR sets the fields of {@code va} explicitly: they win over the local changes at once. */
  public void metadataOverridden(Vattr va) {
    metadata = metadata.overriddenBy(va);
    if (!va.atime().equals(Timespec.VNOVAL)) {
      accessedAt.set(0);
    }
  }

  /** Whether pushes or a metadata SETATTR are at the server ({@link #hasUnflushedState}). */
  public void flushing(boolean atServer) {
    flushing = atServer;
  }

  /** Forgets the attributes: the next getattr asks the server. */
  public void dropAttributes() {
    attributes = null;
  }

  /** Enters {@code name} → {@code child} from {@code reply}, with the reply's {@code cn_ttl} under FS_TTL. */
  public void enterName(String name, NodeHandle child, OpReply.NewNode reply) {
    if (!mount.cachesNames() || closed || isDot(name)) {
      return;
    }
    long expires = mount.cachesAttributes() ? Expiry.after(mount.now(), reply.cnTtl()) : Expiry.NEVER;
    put(name, new NameEntry(child, reply, child.cache().generation, mount.nameEpoch(), expires));
  }

  /** Enters "no such {@code name}", if negative entries are allowed (name cache on, FS_TTL off). */
  public void enterNegative(String name) {
    if (!mount.cachesNegativeNames() || closed || isDot(name)) {
      return;
    }
    put(name, new NameEntry(null, null, 0, mount.nameEpoch(), Expiry.NEVER));
  }

  private void put(String name, NameEntry entry) {
    if (names.size() >= mount.settings().namesPerDirectory() && !names.containsKey(name)) {
      // A crude bound, but one that keeps a huge directory from holding every name it ever met.
      names.clear();
    }
    names.put(name, entry);
  }

  /** Forgets {@code name} in this directory. */
  public void purgeName(String name) {
    names.remove(name);
  }

  /** INVAL_NAMECACHE_DIR: forgets every name in this directory. */
  public void purgeNames() {
    names.clear();
  }

  /**
   * INVAL_NAMECACHE_NODE ({@code cache_purge}): forgets the names in this directory, the remembered parent, and
   * voids every entry elsewhere that names this node.
   */
  public void purgeNode() {
    names.clear();
    parent = null;
    generation++;
  }

  /** Remembers {@code parent} for ".." (CACHE_DOTDOT). */
  public void rememberParent(NodeHandle parent) {
    if (mount.cachesDotdot() && !closed) {
      this.parent = parent;
    }
  }

  /** The node is reclaimed or its server gone: forget everything and answer nothing from here on. */
  public void close() {
    closed = true;
    purgeNode();
    attributes = null;
    metadata = MetadataChanges.NONE;
    accessedAt.set(0);
    pages.setEnabled(false);
  }

  private static boolean isDot(String name) {
    return name.equals(".") || name.equals("..");
  }
}
