package org.jpuffs.api.server;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.jpuffs.api.concurrent.Asks;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FlushOp;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.SopOp;
import org.jpuffs.api.protocol.SopReply;
import org.jpuffs.api.protocol.SopRequest;

/**
 * A server's channel to the engine for server-originated operations: cache invalidations and flushes
 * ({@code puffs_inval_*}, {@code puffs_flush_*}) and the request to be unmounted. Each call completes when the engine
 * has answered, or fails with a {@link PuffsException}: the engine's errno, ENXIO while no engine is attached, or
 * ETIMEDOUT if the engine does not answer in time.
 */
public final class Sop {

  private final Scheduler scheduler;
  private final Duration timeout;
  /** Where the answers' callbacks run: not on the engine's sop actor, nor on a thread made for each. */
  private final Executor callbacks;
  private final AtomicLong nextId = new AtomicLong(1);
  private volatile ActorRef<SopRequest> engine;

  Sop(Scheduler scheduler, Duration timeout, Executor callbacks) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
  }

  void attach(ActorRef<SopRequest> engine) {
    this.engine = engine;
  }

  /** {@code true} once an engine has attached. */
  public boolean isAttached() {
    return engine != null;
  }

  /** Drop the name-cache entries that lead to {@code node}. */
  public CompletionStage<Void> invalNamecacheNode(Cookie node) {
    return send(new SopOp.Flush(FlushOp.INVAL_NAMECACHE_NODE, node, 0, 0));
  }

  /** Drop the name-cache entries of the children of directory {@code dir} ({@code puffs_inval_namecache_dir}). */
  public CompletionStage<Void> invalNamecacheDir(Cookie dir) {
    return send(new SopOp.Flush(FlushOp.INVAL_NAMECACHE_DIR, dir, 0, 0));
  }

  /** Drop the mount's whole name cache ({@code puffs_inval_namecache_all}). */
  public CompletionStage<Void> invalNamecacheAll() {
    return send(new SopOp.Flush(FlushOp.INVAL_NAMECACHE_ALL, Cookie.NONE, 0, 0));
  }

  /** Discard all cached pages of {@code node} ({@code puffs_inval_pagecache_node}). */
  public CompletionStage<Void> invalPagecacheNode(Cookie node) {
    return invalPagecacheNodeRange(node, 0, 0);
  }

  /** Discard cached pages of {@code node} in {@code [start, end)}; end 0 = to the end of the file. */
  public CompletionStage<Void> invalPagecacheNodeRange(Cookie node, long start, long end) {
    return send(new SopOp.Flush(FlushOp.INVAL_PAGECACHE_NODE_RANGE, node, start, end));
  }

  /** Write all dirty cached pages of {@code node} back to this server ({@code puffs_flush_pagecache_node}). */
  public CompletionStage<Void> flushPagecacheNode(Cookie node) {
    return flushPagecacheNodeRange(node, 0, 0);
  }

  /** Write dirty cached pages of {@code node} in {@code [start, end)} back; end 0 = to the end of the file. */
  public CompletionStage<Void> flushPagecacheNodeRange(Cookie node, long start, long end) {
    return send(new SopOp.Flush(FlushOp.FLUSH_PAGECACHE_NODE_RANGE, node, start, end));
  }

  /** Ask the engine to unmount this server's mount (PUFFSOP_UNMOUNT); it answers 0 and then unmounts by force. */
  public CompletionStage<Void> requestUnmount() {
    return send(new SopOp.Unmount());
  }

  /** Send any server-originated op. */
  public CompletionStage<Void> send(SopOp op) {
    ActorRef<SopRequest> target = engine;
    if (target == null) {
      return CompletableFuture.failedFuture(new PuffsException(Errno.ENXIO, "no engine attached"));
    }
    long id = nextId.getAndIncrement();
    CompletionStage<SopReply> answer =
        Asks.askOn(target, replyTo -> new SopRequest(id, op, replyTo), timeout, scheduler, callbacks);
    return answer.handle((reply, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        throw cause instanceof TimeoutException
            ? new PuffsException(Errno.ETIMEDOUT, "engine did not answer " + op + " within " + timeout)
            : new PuffsException(Errno.ENXIO, "engine unreachable", cause);
      }
      reply.rv().throwIfError();
      return null;
    });
  }
}
