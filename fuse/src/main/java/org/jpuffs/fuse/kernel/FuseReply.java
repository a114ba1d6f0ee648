package org.jpuffs.fuse.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/** What the session writes back for one request: a payload, an errno, or nothing (FORGET, INTERRUPT). */
public sealed interface FuseReply permits FuseReply.Payload, FuseReply.Error, FuseReply.None {

  /** Success with no payload. */
  static FuseReply ok() {
    return Payload.EMPTY;
  }

  /** Failure with a positive Linux errno. */
  static FuseReply error(int errno) {
    return new Error(errno);
  }

  /** A little-endian buffer of {@code size} bytes to fill, then {@link Payload#of(ByteBuffer)}. */
  static ByteBuffer allocate(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A successful reply carrying the bytes between 0 and the buffer's position (a filled, unflipped buffer). */
  final class Payload implements FuseReply {
    static final Payload EMPTY = new Payload(ByteBuffer.allocate(0));
    private final ByteBuffer data;

    private Payload(ByteBuffer data) {
      this.data = data;
    }

    /** The bytes written into {@code filled} so far (0 to its position). */
    public static Payload of(ByteBuffer filled) {
      ByteBuffer copy = filled.duplicate();
      copy.flip();
      return new Payload(copy.asReadOnlyBuffer());
    }

    /** A payload of the bytes between the position and the limit of {@code readable}. */
    public static Payload wrap(ByteBuffer readable) {
      return new Payload(readable.slice().asReadOnlyBuffer());
    }

    /** The payload, positioned at 0 and limited to its size; a view that callers may move. */
    public ByteBuffer data() {
      return data.duplicate();
    }

    public int size() {
      return data.remaining();
    }

    @Override
    public String toString() {
      return "Payload[" + size() + " bytes]";
    }
  }

  /** A failure: {@code out_header.error} is {@code -errno}. */
  record Error(int errno) implements FuseReply {
    public Error {
      if (errno <= 0 || errno > 4095) {
        throw new IllegalArgumentException("errno " + errno + " out of range");
      }
    }
  }

  /** No reply at all: the kernel expects none (FORGET, BATCH_FORGET, INTERRUPT). */
  enum None implements FuseReply {
    INSTANCE
  }

  /** {@code Objects.requireNonNull} for replies coming from handlers. */
  static FuseReply checked(FuseReply reply) {
    return Objects.requireNonNull(reply, "a handler answered null");
  }
}
