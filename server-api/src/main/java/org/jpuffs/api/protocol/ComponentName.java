package org.jpuffs.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A path component as puffs sends it ({@code struct puffs_kcn}): the current name, why it is looked up, the namei
 * flags, and, on {@code KFLAG_LOOKUP_FULLPNBUF} mounts, the rest of the path after it.
 *
 * <p>A LOOKUP reply may say the server consumed more of the path ({@code pkcn_consume}); see
 * {@link OpReply.NewNode#consume()}.
 *
 * @param nameiop why the name is looked up
 * @param flags namei flags ({@link #ISLASTCN}, {@link #ISDOTDOT}, {@link #REQUIREDIR}, {@link #MAKEENTRY})
 * @param name the current component (no {@code '/'})
 * @param rest the rest of the path after this component ({@code ""} unless the mount asked for full paths)
 */
public record ComponentName(NameiOp nameiop, int flags, String name, String rest) implements PuffsSerializable {

  /** namei: the name is a "..". */
  public static final int ISDOTDOT = 0x0002000;
  /** namei: enter the result into the name cache. */
  public static final int MAKEENTRY = 0x0004000;
  /** namei: this is the last component of the path. */
  public static final int ISLASTCN = 0x0008000;
  /** namei: the result must be a directory (the path had a trailing slash). */
  public static final int REQUIREDIR = 0x0080000;

  public ComponentName {
    Objects.requireNonNull(nameiop, "nameiop");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rest, "rest");
  }

  /** The last component of a path, looked up for {@code nameiop}. */
  public static ComponentName of(NameiOp nameiop, String name) {
    int flags = ISLASTCN | (name.equals("..") ? ISDOTDOT : 0);
    return new ComponentName(nameiop, flags, name, "");
  }

  /** The last component of a path, looked up plainly. */
  public static ComponentName lookup(String name) {
    return of(NameiOp.LOOKUP, name);
  }

  /** {@code pkcn_namelen}: the length of the current component in bytes (UTF-8). */
  public int nameLength() {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code true} if {@code flag} is set. */
  public boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
