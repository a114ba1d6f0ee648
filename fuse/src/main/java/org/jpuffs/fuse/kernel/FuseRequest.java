package org.jpuffs.fuse.kernel;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One request the kernel sent: {@code struct fuse_in_header} and the op's arguments, copied off the reader's buffer
 * so that the reader can take the next request while this one is served. Arguments are read in order with
 * {@link #u32()}, {@link #u64()}, {@link #name()}; reading past the end is a {@link MalformedRequestException}.
 */
public final class FuseRequest {
  /** {@code sizeof(struct fuse_in_header)}. */
  public static final int HEADER_SIZE = 40;

  private final int opcode;
  private final long unique;
  private final long nodeid;
  private final int uid;
  private final int gid;
  private final int pid;
  private final ByteBuffer args;
  private final int argsStart;

  /**
   * A request with header fields and the argument bytes (little-endian, read from position 0).
   *
   * @param args the arguments; this request reads it from its current position on
   */
  public FuseRequest(int opcode, long unique, long nodeid, int uid, int gid, int pid, ByteBuffer args) {
    this.opcode = opcode;
    this.unique = unique;
    this.nodeid = nodeid;
    this.uid = uid;
    this.gid = gid;
    this.pid = pid;
    this.args = args.order(ByteOrder.LITTLE_ENDIAN);
    this.argsStart = args.position();
  }

  /** The same request with its arguments to be read again from the first (for undoing an abandoned request). */
  public FuseRequest rewound() {
    return new FuseRequest(opcode, unique, nodeid, uid, gid, pid, args.duplicate().position(argsStart));
  }

  /**
   * Parses the {@code length} bytes of a request at the start of {@code buffer} (native order, absolute reads).
   *
   * @throws MalformedRequestException if the length is shorter than a header or disagrees with the header
   */
  static FuseRequest parse(ByteBuffer buffer, int length) {
    if (length < HEADER_SIZE) {
      throw new MalformedRequestException("request of " + length + " bytes, shorter than its header");
    }
    ByteBuffer in = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int declared = in.getInt(0);
    if (declared != length) {
      throw new MalformedRequestException("header says " + declared + " bytes, read " + length);
    }
    byte[] copy = new byte[length - HEADER_SIZE];
    in.position(HEADER_SIZE);
    in.get(copy);
    return new FuseRequest(in.getInt(4), in.getLong(8), in.getLong(16), in.getInt(24), in.getInt(28),
        in.getInt(32), ByteBuffer.wrap(copy));
  }

  public int opcode() {
    return opcode;
  }

  public long unique() {
    return unique;
  }

  public long nodeid() {
    return nodeid;
  }

  public int uid() {
    return uid;
  }

  public int gid() {
    return gid;
  }

  public int pid() {
    return pid;
  }

  /** The next 32-bit argument. */
  public int u32() {
    try {
      return args.getInt();
    } catch (BufferUnderflowException e) {
      throw new MalformedRequestException("opcode " + opcode + ": arguments too short");
    }
  }

  /** The next 64-bit argument. */
  public long u64() {
    try {
      return args.getLong();
    } catch (BufferUnderflowException e) {
      throw new MalformedRequestException("opcode " + opcode + ": arguments too short");
    }
  }

  /** Skips {@code n} bytes of arguments (padding, fields this bridge does not use). */
  public void skip(int n) {
    if (n > args.remaining()) {
      throw new MalformedRequestException("opcode " + opcode + ": arguments too short");
    }
    args.position(args.position() + n);
  }

  /** The next NUL-terminated name, as UTF-8. */
  public String name() {
    int start = args.position();
    for (int i = start; i < args.limit(); i++) {
      if (args.get(i) == 0) {
        String name = new String(args.array(), args.arrayOffset() + start, i - start, StandardCharsets.UTF_8);
        args.position(i + 1);
        return name;
      }
    }
    throw new MalformedRequestException("opcode " + opcode + ": name without a terminating NUL");
  }

  /** The next {@code n} bytes (write data, xattr values). */
  public byte[] bytes(int n) {
    if (n < 0 || n > args.remaining()) {
      throw new MalformedRequestException("opcode " + opcode + ": " + n + " bytes announced, "
          + args.remaining() + " sent");
    }
    byte[] out = new byte[n];
    args.get(out);
    return out;
  }

  @Override
  public String toString() {
    return "FuseRequest[op " + opcode + " #" + unique + " node " + nodeid + " uid " + uid + " pid " + pid + "]";
  }
}
