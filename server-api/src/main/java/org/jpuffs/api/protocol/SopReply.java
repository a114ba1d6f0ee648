package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * The engine's answer to a {@link SopRequest} (a puffs response with {@code PUFFSOPFLAG_ISRESPONSE}).
 *
 * @param id the request's id
 * @param rv the errno: 0, or EINVAL / ENOENT / ENXIO / EOPNOTSUPP as the op's rules say
 */
public record SopReply(long id, Errno rv) implements PuffsSerializable {
  public SopReply {
    Objects.requireNonNull(rv, "rv");
  }
}
