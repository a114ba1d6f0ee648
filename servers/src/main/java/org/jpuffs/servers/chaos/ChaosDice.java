package org.jpuffs.servers.chaos;

import java.util.SplittableRandom;

/**
 * Deterministic dice: every throw is a pure function of the seed, the fault and a key (a request id). Nothing is
 * consumed, so the outcome for a request does not depend on how many other requests were decided before it or on
 * which thread, which keeps a seeded run reproducible under the runtime's concurrency.
 */
final class ChaosDice {

  private final long seed;

  ChaosDice(long seed) {
    this.seed = seed;
  }

  /** {@code true} with probability {@code p} for this fault and key. */
  boolean hits(ChaosFault fault, long key, double p) {
    return p > 0 && roll(fault, key).nextDouble() < p;
  }

  /** A number in {@code [0, n)} for this fault and key, independent of {@link #hits}. */
  int pick(ChaosFault fault, long key, int n) {
    SplittableRandom r = roll(fault, key);
    r.nextDouble(); // the value hits() looked at
    return r.nextInt(n);
  }

  /** A number in {@code [min, max]} for this fault and key, independent of {@link #hits} and {@link #pick}. */
  long between(ChaosFault fault, long key, long min, long max) {
    SplittableRandom r = roll(fault, key);
    r.nextDouble();
    r.nextInt(1);
    return max <= min ? min : min + r.nextLong(max - min + 1);
  }

  private SplittableRandom roll(ChaosFault fault, long key) {
    return new SplittableRandom(seed ^ (key * 0x9E3779B97F4A7C15L) ^ ((fault.ordinal() + 1L) * 0xC2B2AE3D27D4EB4FL));
  }
}
