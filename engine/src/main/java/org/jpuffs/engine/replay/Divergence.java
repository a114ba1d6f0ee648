package org.jpuffs.engine.replay;

import java.util.Objects;

/**
 * One way a replay differed from its recording.
 *
 * @param seq the recorded op's number in its session; 0 for a difference of the final state
 * @param op the op's name ({@code "VN GETATTR"}), or {@code "final state"}
 * @param path the file it is about, as far as the recording shows ({@code "(node 0x…)"} when unknown)
 * @param what what differs
 */
public record Divergence(long seq, String op, String path, String what) {

  public Divergence {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(what, "what");
  }

  /** A difference of the final state at {@code path}. */
  public static Divergence finalState(String path, String what) {
    return new Divergence(0, "final state", path, what);
  }

  @Override
  public String toString() {
    return (seq > 0 ? "#" + seq + " " : "") + op + " " + path + ": " + what;
  }
}
