package org.jpuffs.api.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable run of bytes: file data, extended-attribute values, file handles. Messages carry this rather than
 * {@code byte[]} because an array breaks record equality and could be changed after the message was sent.
 */
public final class Bytes implements PuffsSerializable {

  /** No bytes. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code data}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Bytes of(byte[] data) {
    Objects.requireNonNull(data, "data");
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  /** A copy of {@code length} bytes of {@code data} from {@code offset}. */
  public static Bytes of(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
  }

  /** A copy of the remaining bytes of {@code buffer}; its position is not moved. */
  public static Bytes of(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy.length == 0 ? EMPTY : new Bytes(copy);
  }

  /** The UTF-8 encoding of {@code text}. */
  public static Bytes utf8(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Takes ownership of {@code data} without copying. Only for callers that just allocated the array and never touch
   * it again (a server's read buffer); anything else must use {@link #of(byte[])}.
   */
  public static Bytes adopt(byte[] data) {
    Objects.requireNonNull(data, "data");
    return data.length == 0 ? EMPTY : new Bytes(data);
  }

  /** The number of bytes. */
  public int size() {
    return data.length;
  }

  /** {@code true} if there are no bytes. */
  public boolean isEmpty() {
    return data.length == 0;
  }

  /** The byte at {@code index}. */
  public byte get(int index) {
    return data[index];
  }

  /** A copy of the bytes. */
  @JsonValue
  public byte[] toByteArray() {
    return data.clone();
  }

  /** A read-only view, without copying. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** Copies {@code length} bytes from {@code offset} into {@code target} at {@code targetOffset}. */
  public void copyTo(int offset, byte[] target, int targetOffset, int length) {
    System.arraycopy(data, offset, target, targetOffset, length);
  }

  /** The bytes {@code [from, to)}. */
  public Bytes slice(int from, int to) {
    return of(data, from, to - from);
  }

  /** The bytes decoded as UTF-8. */
  public String toUtf8() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return data.length <= 32
        ? "Bytes[" + HexFormat.of().formatHex(data) + "]"
        : "Bytes[" + data.length + " bytes]";
  }
}
