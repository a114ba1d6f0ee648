package org.jpuffs.engine.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Orders the ops of an {@code asap} replay by their {@link DependencyKeys}: an op that writes a node starts when
 * every earlier op on it has finished; an op that reads a node, when the earlier writes of it have; a barrier waits for
 * everything and everything waits for it. Ops must be submitted in recorded order from one thread at a time (the
 * stream stage that feeds the replay); their completions may come from any thread.
 */
final class Scheduler {

  /** Nodes with nothing in flight are dropped from the table every this many submissions. */
  private static final int PRUNE_EVERY = 4096;

  /** One node: its last write, and the reads since. */
  private static final class Node {
    CompletableFuture<?> lastWrite;
    final Deque<CompletableFuture<?>> readsSince = new ArrayDeque<>();

    boolean idle() {
      readsSince.removeIf(CompletableFuture::isDone);
      return readsSince.isEmpty() && (lastWrite == null || lastWrite.isDone());
    }
  }

  private final Map<Object, Node> nodes = new HashMap<>();
  private static final CompletableFuture<?> DONE = CompletableFuture.completedFuture(null);
  private CompletableFuture<?> lastBarrier = DONE;
  private long submitted;

  /**
   * Runs {@code op} once the ops it depends on have finished (successfully or not).
   *
   * @return the op's completion
   */
  <T> CompletableFuture<T> submit(DependencyKeys keys, Supplier<CompletableFuture<T>> op) {
    if (++submitted % PRUNE_EVERY == 0) {
      nodes.values().removeIf(Node::idle);
    }
    List<CompletableFuture<?>> before = new ArrayList<>(4);
    addPending(before, lastBarrier);
    if (keys.isBarrier()) {
      for (Node node : nodes.values()) {
        addPending(before, node.lastWrite);
        for (CompletableFuture<?> read : node.readsSince) {
          addPending(before, read);
        }
      }
    } else {
      for (Object key : keys.reads()) {
        Node node = nodes.get(key);
        if (node != null) {
          addPending(before, node.lastWrite);
        }
      }
      for (Object key : keys.writes()) {
        Node node = nodes.get(key);
        if (node != null) {
          addPending(before, node.lastWrite);
          for (CompletableFuture<?> read : node.readsSince) {
            addPending(before, read);
          }
        }
      }
    }
    CompletableFuture<T> done = before.isEmpty() ? op.get() : allDone(before).thenCompose(ignored -> op.get());
    // What later ops wait for never fails: a failed op still releases the ops behind it.
    CompletableFuture<?> finished = done.isDone() ? DONE : done.handle((value, failure) -> null);
    if (keys.isBarrier()) {
      nodes.clear();
      lastBarrier = finished;
    } else {
      for (Object key : keys.reads()) {
        Node node = nodes.computeIfAbsent(key, k -> new Node());
        while (!node.readsSince.isEmpty() && node.readsSince.peekFirst().isDone()) {
          node.readsSince.pollFirst();
        }
        node.readsSince.addLast(finished);
      }
      for (Object key : keys.writes()) {
        Node node = nodes.computeIfAbsent(key, k -> new Node());
        node.lastWrite = finished;
        node.readsSince.clear();
      }
    }
    return done;
  }

  private static void addPending(List<CompletableFuture<?>> before, CompletableFuture<?> future) {
    if (future != null && !future.isDone()) {
      before.add(future);
    }
  }

  /** Completes when all of {@code futures} have; they never fail (they are the {@code finished} of earlier ops). */
  private static CompletableFuture<?> allDone(List<CompletableFuture<?>> futures) {
    if (futures.size() == 1) {
      return futures.get(0);
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
  }
}
