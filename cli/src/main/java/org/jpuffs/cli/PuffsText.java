package org.jpuffs.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.MountSpec;

/**
 * Puffs messages as one line of text each, for people: {@code #3 VN CREATE root name=hello.txt va={type=VREG
 * mode=0644}} and {@code #3 OK NewNode cookie=0x2 vtype=VREG size=0}.
 *
 * <p>An op's or reply body's fields are found through its record components, so every op the protocol has prints
 * without a case of its own here; only the value types get a special form. Fields that say "not given" (an unset
 * vattr, a zero TTL, no device) are left out so that the line shows what the message means. Vattr and statvfs are
 * summarized, not printed whole: a line with nineteen vattr fields is no longer readable.
 */
final class PuffsText {

  /** Numeric fields whose 0 means "none" or "default" and only clutters the line. */
  private static final Set<String> QUIET_WHEN_ZERO = Set.of("rdev", "consume", "ioflag", "ncookies", "flags");
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/+:@-]+");
  private static final int MAX_TEXT_BYTES = 48;

  private final Cookie root;

  /**
   * A formatter that writes {@code root} for the mount's root cookie.
   *
   * @param root the root cookie, or {@link Cookie#NONE} if not known
   */
  PuffsText(Cookie root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** {@code #3 VN CREATE root name=hello.txt va={type=VREG mode=0644}}; a FAF request says {@code FAF}. */
  String request(PuffsRequest request) {
    StringBuilder line = new StringBuilder("#").append(request.id()).append(' ').append(request.op().opName());
    if (!request.cookie().isNone()) {
      line.append(' ').append(cookie(request.cookie()));
    }
    if (request.faf()) {
      line.append(" FAF");
    }
    return appendFields(line, request.op()).toString();
  }

  /** {@code #3 OK NewNode cookie=0x2 vtype=VREG size=0}, or {@code #2 ENOENT} for a failed request. */
  String reply(PuffsReply reply) {
    StringBuilder line = new StringBuilder("#").append(reply.id()).append(' ');
    if (reply.isOk()) {
      line.append("OK");
      if (!(reply.body() instanceof OpReply.None)) {
        line.append(' ').append(reply.body().getClass().getSimpleName());
        appendFields(line, reply.body());
      }
    } else {
      line.append(reply.rv().symbol());
    }
    if (reply.setbacks() != 0) {
      line.append(" setbacks=0x").append(Integer.toHexString(reply.setbacks()));
    }
    return line.toString();
  }

  /** A server's mount spec: type, root node, flags, recovery mode and op mask. */
  String mountSpec(MountSpec spec) {
    StringBuilder line = new StringBuilder()
        .append("type=").append(quote(spec.typeName()))
        .append(" from=").append(quote(spec.mntFromName()))
        .append(" root=").append(spec.rootCookie())
        .append(' ').append(spec.rootVtype())
        .append(" size=").append(spec.rootSize());
    if (spec.kflags() != 0) {
      line.append(" kflags=").append(String.join("|", KFlags.names(spec.kflags())));
    }
    if (spec.fhSize() != 0) {
      line.append(" fhsize=").append(spec.fhSize());
    }
    if (spec.maxMsgLen() != 0) {
      line.append(" maxmsglen=").append(spec.maxMsgLen());
    }
    return line.append(" recovery=").append(spec.recoveryMode())
        .append(" ops=").append(opMask(spec.opMask()))
        .toString();
  }

  /** Appends the fields of {@code message}; every op and reply body is a record, so none is left out. */
  private StringBuilder appendFields(StringBuilder line, Object message) {
    if (message instanceof Record record) {
      for (String field : fields(record)) {
        line.append(' ').append(field);
      }
    }
    return line;
  }

  /** {@code name=value} for each component of {@code record} worth showing. */
  private List<String> fields(Record record) {
    List<String> fields = new ArrayList<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      String name = component.getName();
      Object value = read(component, record);
      if (isQuiet(name, value) || isOpType(record, name, value)) {
        continue;
      }
      // "cn" is puffs' name for the component name; what a reader wants to see is the name itself.
      fields.add((value instanceof ComponentName && name.equals("cn") ? "name" : name) + "=" + value(name, value));
    }
    return fields;
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
    }
  }

  /** An error report's type is a component, where other ops have it as a method; the op name already says it. */
  private static boolean isOpType(Record record, String name, Object value) {
    return record instanceof Op op && name.equals("type") && value instanceof Enum<?> e
        && e.name().equals(op.typeName());
  }

  private static boolean isQuiet(String name, Object value) {
    if (value instanceof Timespec t) {
      return t.equals(Timespec.ZERO) || t.equals(Timespec.VNOVAL);
    }
    if (value instanceof Vattr va) {
      return va.equals(Vattr.NULL);
    }
    if (value instanceof List<?> list && name.equals("cookies")) {
      return list.isEmpty();
    }
    if (value instanceof Number n && QUIET_WHEN_ZERO.contains(name)) {
      return n.longValue() == 0;
    }
    return false;
  }

  private String value(String name, Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Cookie c) {
      return cookie(c);
    }
    if (value instanceof ComponentName cn) {
      return quote(cn.name());
    }
    if (value instanceof Bytes b) {
      return bytes(b);
    }
    if (value instanceof FileHandle fh) {
      return HexFormat.of().formatHex(fh.data().toByteArray());
    }
    if (value instanceof Errno e) {
      return e.symbol();
    }
    if (value instanceof Vattr va) {
      return vattr(va);
    }
    if (value instanceof Statvfs sv) {
      return statvfs(sv);
    }
    if (value instanceof OpMask mask) {
      return opMask(mask);
    }
    if (value instanceof DirEntry entry) {
      return quote(entry.name()) + "(" + entry.type() + ")";
    }
    if (value instanceof List<?> list) {
      return list.stream().map(element -> value(name, element)).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if ((value instanceof Integer || value instanceof Long) && name.equals("mode")) {
      return octal(((Number) value).longValue());
    }
    if (value instanceof Record r) {
      return "{" + String.join(" ", fields(r)) + "}";
    }
    return String.valueOf(value);
  }

  private String cookie(Cookie cookie) {
    if (cookie.isNone()) {
      return "none";
    }
    return cookie.equals(root) ? "root" : cookie.toString();
  }

  /** The size, and the text too when it is short, valid UTF-8 without control characters but newline and tab. */
  private static String bytes(Bytes data) {
    String size = data.size() == 1 ? "1 byte" : data.size() + " bytes";
    if (data.isEmpty() || data.size() > MAX_TEXT_BYTES) {
      return size;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(data.asReadOnlyBuffer())
          .toString();
      boolean printable = text.chars().allMatch(c -> c == '\n' || c == '\t' || !Character.isISOControl(c));
      return printable ? size + " " + quoted(text) : size;
    } catch (CharacterCodingException e) {
      return size;
    }
  }

  /** The fields of {@code ls -l} and the modification time; the rest of a vattr rarely matters on one line. */
  private static String vattr(Vattr va) {
    List<String> parts = new ArrayList<>();
    if (va.type() != VType.VNON) {
      parts.add("type=" + va.type());
    }
    if (va.mode() != (int) Vattr.VNOVAL) {
      parts.add("mode=" + octal(va.mode()));
    }
    addIfSet(parts, "nlink", va.nlink());
    addIfSet(parts, "uid", va.uid());
    addIfSet(parts, "gid", va.gid());
    addIfSet(parts, "fileid", va.fileid());
    addIfSet(parts, "size", va.size());
    if (Vattr.isSet(va.rdev()) && va.rdev() != 0) {
      parts.add("rdev=" + va.rdev());
    }
    if (va.mtime().isSet()) {
      parts.add("mtime=" + (va.mtime().isNow() ? "NOW" : va.mtime().toInstant()));
    }
    return "{" + String.join(" ", parts) + "}";
  }

  private static void addIfSet(List<String> parts, String name, long value) {
    if (Vattr.isSet(value)) {
      parts.add(name + "=" + value);
    }
  }

  /** Sizes and counts, the part of {@code df} a reader checks. */
  private static String statvfs(Statvfs sv) {
    List<String> parts = new ArrayList<>();
    parts.add("bsize=" + sv.bsize());
    parts.add("blocks=" + sv.blocks());
    parts.add("bfree=" + sv.bfree());
    parts.add("files=" + sv.files());
    parts.add("ffree=" + sv.ffree());
    if (sv.namemax() != 0) {
      parts.add("namemax=" + sv.namemax());
    }
    if (!sv.fstypename().isEmpty()) {
      parts.add("fstype=" + quote(sv.fstypename()));
    }
    return "{" + String.join(" ", parts) + "}";
  }

  private static String opMask(OpMask mask) {
    return mask.ops().stream().map(Enum::name).collect(Collectors.joining(",", "[", "]"));
  }

  private static String octal(long mode) {
    return String.format("%04o", mode);
  }

  /** {@code s} as it is when that cannot be misread, quoted and escaped otherwise. */
  static String quote(String s) {
    return PLAIN.matcher(s).matches() ? s : quoted(s);
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
