package org.jpuffs.servers.chaos;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VfsOpType;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.protocol.VnOpType;

/**
 * What the chaos server injects, immutable: a seed, a probability per {@link ChaosFault} (0 = off, 1 = every
 * request the fault can apply to), the latency range, the errnos for {@link ChaosFault#ERROR}, the request count after
 * which it crashes, and an optional filter of the ops that are faulted at all.
 *
 * <p>Every decision is a function of the seed, the fault and the request (its id, see {@link ChaosInterceptor}), so a
 * fixed seed and the same requests give the same faults, whatever order the server's threads run in.
 */
public final class ChaosConfig {

  private final long seed;
  private final Map<ChaosFault, Double> probabilities;
  private final Duration latencyMin;
  private final Duration latencyMax;
  private final List<Errno> errnos;
  private final long crashAfter;
  private final Set<VnOpType> vnOps;
  private final Set<VfsOpType> vfsOps;

  private ChaosConfig(Builder b) {
    this.seed = b.seed;
    this.probabilities = Map.copyOf(b.probabilities);
    this.latencyMin = b.latencyMin;
    this.latencyMax = b.latencyMax;
    this.errnos = List.copyOf(b.errnos);
    this.crashAfter = b.crashAfter;
    this.vnOps = b.vnOps.isEmpty() ? Set.of() : Set.copyOf(b.vnOps);
    this.vfsOps = b.vfsOps.isEmpty() ? Set.of() : Set.copyOf(b.vfsOps);
  }

  /** A builder with every fault off and seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /** A configuration injecting nothing. */
  public static ChaosConfig none() {
    return builder().build();
  }

  /** The seed of every decision. */
  public long seed() {
    return seed;
  }

  /** The probability of {@code fault} on a request it can apply to; 0 when off. For CRASH see {@link #crashAfter}. */
  public double probability(ChaosFault fault) {
    return probabilities.getOrDefault(fault, 0.0);
  }

  /** {@code true} if {@code fault} may be injected at all. */
  public boolean enabled(ChaosFault fault) {
    return fault == ChaosFault.CRASH ? crashAfter >= 0 : probability(fault) > 0;
  }

  /** The shortest injected delay. */
  public Duration latencyMin() {
    return latencyMin;
  }

  /** The longest injected delay. */
  public Duration latencyMax() {
    return latencyMax;
  }

  /** The errnos {@link ChaosFault#ERROR} chooses from. */
  public List<Errno> errnos() {
    return errnos;
  }

  /** How many (faultable) requests are served before the runtime crashes; -1 for never. */
  public long crashAfter() {
    return crashAfter;
  }

  /** {@code true} if faults apply to {@code op}: it passes the op filter, and it is not an error report. */
  public boolean appliesTo(Op op) {
    if (op instanceof ErrorReport) {
      return false; // the engine's feedback on earlier faults is never faulted itself
    }
    if (op instanceof VnOp vn) {
      return appliesTo(vn.type());
    }
    return op instanceof VfsOp vfs && appliesTo(vfs.type());
  }

  /** {@code true} if faults apply to vnode op {@code type}. */
  public boolean appliesTo(VnOpType type) {
    return unfiltered() || vnOps.contains(type);
  }

  /** {@code true} if faults apply to VFS op {@code type}. */
  public boolean appliesTo(VfsOpType type) {
    return unfiltered() || vfsOps.contains(type);
  }

  private boolean unfiltered() {
    return vnOps.isEmpty() && vfsOps.isEmpty();
  }

  @Override
  public String toString() {
    return "ChaosConfig[seed=" + seed + ", probabilities=" + probabilities + ", latency=" + latencyMin + ".."
        + latencyMax + ", errnos=" + errnos + ", crashAfter=" + crashAfter + ", vnOps=" + vnOps + ", vfsOps="
        + vfsOps + "]";
  }

  /** Builds a {@link ChaosConfig}. Every fault starts off. */
  public static final class Builder {
    private long seed;
    private final Map<ChaosFault, Double> probabilities = new EnumMap<>(ChaosFault.class);
    private Duration latencyMin = Duration.ZERO;
    private Duration latencyMax = Duration.ZERO;
    private List<Errno> errnos = List.of(Errno.EIO);
    private long crashAfter = -1;
    private final Set<VnOpType> vnOps = EnumSet.noneOf(VnOpType.class);
    private final Set<VfsOpType> vfsOps = EnumSet.noneOf(VfsOpType.class);

    private Builder() {}

    /** Sets the seed of every decision. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Delays server ops by a random time in {@code [min, max]}.
     *
     * @param probability of a delay per request
     */
    public Builder latency(double probability, Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency range must be 0 <= min <= max, not " + min + ".." + max);
      }
      this.latencyMin = min;
      this.latencyMax = max;
      return probability(ChaosFault.LATENCY, probability);
    }

    /**
     * Answers requests with one of {@code errnos} (EIO if none are given) without calling the server.
     *
     * @param probability per request that wants a reply
     */
    public Builder errors(double probability, Errno... errnos) {
      for (Errno e : errnos) {
        if (e.isOk() || !e.isValid()) {
          throw new IllegalArgumentException("not an error errno: " + e + " (use invalidErrnos for bad values)");
        }
      }
      this.errnos = errnos.length == 0 ? List.of(Errno.EIO) : Arrays.asList(errnos.clone());
      return probability(ChaosFault.ERROR, probability);
    }

    /** Replaces replies by replies with an errno outside {@code 0..ELAST}. */
    public Builder invalidErrnos(double probability) {
      return probability(ChaosFault.INVALID_ERRNO, probability);
    }

    /** Grows the sizes of READ, WRITE, READDIR, READLINK, GETEXTATTR and LISTEXTATTR replies beyond the request's. */
    public Builder residGrew(double probability) {
      return probability(ChaosFault.RESID_GREW, probability);
    }

    /** Makes LOOKUP answer the parent's cookie and the creates an existing cookie. */
    public Builder wrongCookies(double probability) {
      return probability(ChaosFault.WRONG_COOKIE, probability);
    }

    /** Makes LOOKUP and FHTOVP answer the type VBAD or VNON. */
    public Builder badVtypes(double probability) {
      return probability(ChaosFault.BAD_VTYPE, probability);
    }

    /** Drops replies. */
    public Builder dropReplies(double probability) {
      return probability(ChaosFault.DROP, probability);
    }

    /**
     * Crashes the runtime on the first faultable request after {@code requests} of them were served (0: on the very
     * first). Error reports do not count; with an op filter, only the filtered ops count.
     */
    public Builder crashAfter(long requests) {
      if (requests < 0) {
        throw new IllegalArgumentException("crashAfter must be >= 0, not " + requests);
      }
      this.crashAfter = requests;
      return this;
    }

    /** Never crashes (the default). */
    public Builder noCrash() {
      this.crashAfter = -1;
      return this;
    }

    /** Sets the probability of {@code fault} directly (not CRASH). */
    public Builder probability(ChaosFault fault, double probability) {
      if (fault == ChaosFault.CRASH) {
        throw new IllegalArgumentException("CRASH is configured by crashAfter");
      }
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("probability of " + fault + " must be in [0, 1], not " + probability);
      }
      probabilities.put(fault, probability);
      return this;
    }

    /** Restricts faults to these vnode ops (together with any {@link #onlyVfsOps}); no call = every op. */
    public Builder onlyOps(VnOpType... ops) {
      vnOps.addAll(Arrays.asList(ops));
      return this;
    }

    /** Restricts faults to these VFS ops (together with any {@link #onlyOps}); no call = every op. */
    public Builder onlyVfsOps(VfsOpType... ops) {
      vfsOps.addAll(Arrays.asList(ops));
      return this;
    }

    /** The configuration. */
    public ChaosConfig build() {
      return new ChaosConfig(this);
    }
  }
}
