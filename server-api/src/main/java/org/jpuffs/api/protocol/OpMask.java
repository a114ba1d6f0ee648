package org.jpuffs.api.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The vnode ops a server implements ({@code pa_vnopmask}). The engine answers ops outside the mask itself, without a
 * round trip, unless the mount sets {@code KFLAG_ALLOPS}.
 */
public final class OpMask implements PuffsSerializable {

  /** Every vnode op. */
  public static final OpMask ALL = new OpMask(EnumSet.allOf(VnOpType.class));
  /** No vnode op. */
  public static final OpMask NONE = new OpMask(EnumSet.noneOf(VnOpType.class));

  private final Set<VnOpType> ops;

  private OpMask(EnumSet<VnOpType> ops) {
    this.ops = Collections.unmodifiableSet(ops);
  }

  /** A mask of exactly these ops. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static OpMask of(Collection<VnOpType> ops) {
    return new OpMask(ops.isEmpty() ? EnumSet.noneOf(VnOpType.class) : EnumSet.copyOf(ops));
  }

  /** A mask of exactly these ops. */
  public static OpMask of(VnOpType... ops) {
    return of(java.util.List.of(ops));
  }

  /** {@code true} if the server implements {@code op}. */
  public boolean contains(VnOpType op) {
    return ops.contains(op);
  }

  /** The ops, in op-number order. */
  @JsonValue
  public Set<VnOpType> ops() {
    return ops;
  }

  /** This mask plus {@code op}. */
  public OpMask with(VnOpType op) {
    EnumSet<VnOpType> copy = EnumSet.noneOf(VnOpType.class);
    copy.addAll(ops);
    copy.add(op);
    return new OpMask(copy);
  }

  /** The C form: {@code PUFFS_VN_MAX + PUFFS_VN_SPARE} bytes, non-zero where the op is implemented. */
  public byte[] toBytes() {
    byte[] mask = new byte[VnOpType.MAX + VnOpType.SPARE];
    ops.forEach(op -> mask[op.code()] = 1);
    return mask;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpMask other && ops.equals(other.ops);
  }

  @Override
  public int hashCode() {
    return ops.hashCode();
  }

  @Override
  public String toString() {
    return "OpMask" + ops;
  }
}
