package org.jpuffs.servers.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the chaos server injected so far: a count per {@link ChaosFault} and the most recent faults in order, for tests
 * that check each became the errno the engine owes. Thread-safe: faults are recorded from the runtime's actor and
 * from the server's threads.
 */
public final class ChaosCounters {

  /** How many recent faults {@link #log} keeps. */
  public static final int LOG_SIZE = 10_000;

  private final AtomicLongArray counts = new AtomicLongArray(ChaosFault.values().length);
  private final ConcurrentLinkedDeque<InjectedFault> log = new ConcurrentLinkedDeque<>();
  private final AtomicInteger logged = new AtomicInteger();

  void record(InjectedFault fault) {
    counts.incrementAndGet(fault.fault().ordinal());
    log.addLast(fault);
    if (logged.incrementAndGet() > LOG_SIZE) {
      log.pollFirst();
      logged.decrementAndGet();
    }
  }

  /** How many faults of {@code fault} were injected. */
  public long count(ChaosFault fault) {
    return counts.get(fault.ordinal());
  }

  /** How many faults were injected in all. */
  public long total() {
    long sum = 0;
    for (ChaosFault f : ChaosFault.values()) {
      sum += count(f);
    }
    return sum;
  }

  /** The counts of every fault, as of now. */
  public Map<ChaosFault, Long> snapshot() {
    Map<ChaosFault, Long> result = new EnumMap<>(ChaosFault.class);
    for (ChaosFault f : ChaosFault.values()) {
      result.put(f, count(f));
    }
    return result;
  }

  /** The most recent injected faults ({@link #LOG_SIZE} at most), oldest first. */
  public List<InjectedFault> log() {
    return List.copyOf(new ArrayList<>(log));
  }

  /** The logged faults of {@code fault}, oldest first. */
  public List<InjectedFault> log(ChaosFault fault) {
    List<InjectedFault> result = new ArrayList<>();
    for (InjectedFault f : log) {
      if (f.fault() == fault) {
        result.add(f);
      }
    }
    return result;
  }
}
