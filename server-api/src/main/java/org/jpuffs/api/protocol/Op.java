package org.jpuffs.api.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The body of a message the engine sends to a server: a VFS op, a vnode op, or an error report. Each op is a record
 * holding the fields of its {@code puffs_vfsmsg_*} / {@code puffs_vnmsg_*} struct that travel engine → server; the
 * {@link PuffsRequest} around it holds the common header.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@op")
public sealed interface Op extends PuffsSerializable permits VfsOp, VnOp, ErrorReport {

  /** The message's opclass. */
  OpClass opclass();

  /** The op number within the opclass. */
  int optype();

  /** The reply body a server must answer with when it succeeds ({@link OpReply.None} for "rv only"). */
  Class<? extends OpReply> replyType();

  /** {@code true} for ops puffs always sends fire-and-forget (CLOSE, RECLAIM, ABORTOP, error reports). */
  default boolean alwaysFaf() {
    return false;
  }

  /** The op's name within its class ({@code "LOOKUP"}). */
  String typeName();

  /** A short name for logs: {@code "VN LOOKUP"}. */
  default String opName() {
    return opclass() + " " + typeName();
  }
}
