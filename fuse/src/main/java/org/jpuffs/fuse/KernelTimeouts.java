package org.jpuffs.fuse;

import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.engine.Vnode;

/**
 * How long the kernel may keep a name ({@code entry_valid}) and attributes ({@code attr_valid}) the bridge gives it.
 *
 * <p>On a mount whose server declares CACHE_FS_TTL the engine keeps a node's attributes and names for the TTLs the
 * server put in its replies (memfs: an hour), so the kernel may keep them as long: the TTL of the server reply that
 * made the node's reference ({@link Vnode#found}), never more than {@link #CAP_NANOS}. That stays coherent because
 * every change the server announces reaches the kernel as FUSE_NOTIFY_INVAL_* ({@link KernelInvalidations}) and
 * every change made through the mount passes the kernel. Otherwise, and where the server gives no TTL, the
 * options' timeouts hold (1 s by default, 0 where a nocache flag turned the engine's cache off, which also turns
 * the server's TTLs off here).
 *
 * <p>The engine does not tell how much of a TTL is left when it answers from its cache, so the kernel gets the
 * whole TTL as of the reply it answers with: after a cached answer the kernel may keep a value up to one TTL longer
 * than the engine would have. Only a server that changes a node behind the engine's back without an invalidation
 * could make that visible, and such a server breaks the engine's own TTL cache the same way.
 */
final class KernelTimeouts {
  /** The longest the kernel keeps anything without asking again, whatever the server's TTL. */
  static final long CAP_NANOS = 3_600_000_000_000L;

  private final FuseOptions options;
  private final boolean serverTtls;

  /**
   * @param options the mount's options (their timeouts are the fallback, and a zero one wins)
   * @param serverTtls the mount has CACHE_FS_TTL: the engine caches for the TTLs in the server's replies
   */
  KernelTimeouts(FuseOptions options, boolean serverTtls) {
    this.options = options;
    this.serverTtls = serverTtls;
  }

  /** {@code entry_valid} for a name of {@code node}. */
  long entryNanos(Vnode node) {
    return timeout(options.entryTimeoutNanos(), node.found().cnTtl());
  }

  /** {@code attr_valid} for the attributes of {@code node}. */
  long attrNanos(Vnode node) {
    return timeout(options.attrTimeoutNanos(), node.found().vaTtl());
  }

  /** {@code entry_valid} of a name that does not exist: the options' (the engine keeps negative names untimed). */
  long negativeEntryNanos() {
    return options.entryTimeoutNanos();
  }

  private long timeout(long fallback, Timespec ttl) {
    if (!serverTtls || fallback == 0 || ttl == null || (ttl.sec() <= 0 && ttl.nsec() <= 0)) {
      return fallback;
    }
    if (ttl.sec() >= CAP_NANOS / 1_000_000_000L) {
      return CAP_NANOS;
    }
    return Math.min(CAP_NANOS, ttl.sec() * 1_000_000_000L + ttl.nsec());
  }
}
