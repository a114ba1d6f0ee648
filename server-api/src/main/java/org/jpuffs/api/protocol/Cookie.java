package org.jpuffs.api.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A node cookie ({@code puffs_cookie_t}): a 64-bit value the server chooses for each of its nodes. It must identify
 * one node until that node is reclaimed; afterwards the server may reuse it. {@link #NONE} (0) means "no node", as a
 * NULL {@code void *} does in puffs.
 *
 * @param value the server's value
 */
public record Cookie(long value) implements PuffsSerializable {

  /** No node. */
  public static final Cookie NONE = new Cookie(0);

  /** Jackson: a cookie travels as its bare number. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Cookie of(long value) {
    return value == 0 ? NONE : new Cookie(value);
  }

  @JsonValue
  @Override
  public long value() {
    return value;
  }

  /** {@code true} for {@link #NONE}. */
  public boolean isNone() {
    return value == 0;
  }

  @Override
  public String toString() {
    return "0x" + Long.toHexString(value);
  }
}
