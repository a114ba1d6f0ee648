package org.jpuffs.api.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * The body of a successful reply: the fields a server fills in ("IN" in {@code puffs_msgif.h}). Which body answers
 * which op is {@link Op#replyType()}; a reply with an errno carries {@link None}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@reply")
public sealed interface OpReply extends PuffsSerializable {

  /** No fields beyond the errno. */
  record None() implements OpReply {
    /** The one instance. */
    public static final None INSTANCE = new None();
  }

  /**
   * A node a LOOKUP found or a CREATE, MKNOD, MKDIR or SYMLINK made ({@code puffs_newinfo}). A {@link Cookie#NONE}
   * cookie means "no node" (libpuffs' default for unimplemented creates), which the engine reports as EOPNOTSUPP.
   *
   * @param cookie the node's cookie
   * @param vtype the node's type (used by LOOKUP; the created type follows the request's vattr)
   * @param size the node's size
   * @param rdev the device, for VBLK and VCHR
   * @param va the attributes; used on {@code CACHE_FS_TTL} mounts ({@link Vattr#NULL} otherwise)
   * @param vaTtl how long {@code va} stays valid ({@link Timespec#ZERO} = not given)
   * @param cnTtl how long the name stays valid ({@link Timespec#ZERO} = not given)
   * @param consume how many characters of the path beyond the current name the server consumed (LOOKUP only)
   */
  record NewNode(Cookie cookie, VType vtype, long size, long rdev, Vattr va, Timespec vaTtl, Timespec cnTtl,
      int consume)
      implements OpReply {
    /** "No node": what a server that does not implement the create returns. */
    public static final NewNode NO_NODE =
        new NewNode(Cookie.NONE, VType.VNON, 0, 0, Vattr.NULL, Timespec.ZERO, Timespec.ZERO, 0);

    public NewNode {
      Objects.requireNonNull(cookie, "cookie");
      Objects.requireNonNull(vtype, "vtype");
      Objects.requireNonNull(va, "va");
      Objects.requireNonNull(vaTtl, "vaTtl");
      Objects.requireNonNull(cnTtl, "cnTtl");
    }

    /** A node without TTL information. */
    public static NewNode of(Cookie cookie, VType vtype, long size, long rdev) {
      return new NewNode(cookie, vtype, size, rdev, Vattr.NULL, Timespec.ZERO, Timespec.ZERO, 0);
    }

    /** A node with its attributes, taking type, size and rdev from them. */
    public static NewNode of(Cookie cookie, Vattr va) {
      return new NewNode(cookie, va.type(), va.size(), va.rdev(), va, Timespec.ZERO, Timespec.ZERO, 0);
    }

    /** This node with TTLs for its attributes and its name. */
    public NewNode withTtl(Timespec vaTtl, Timespec cnTtl) {
      return new NewNode(cookie, vtype, size, rdev, va, vaTtl, cnTtl, consume);
    }
  }

  /**
   * The node a FHTOVP resolved.
   *
   * @param cookie the node's cookie
   * @param vtype its type
   * @param size its size
   * @param rdev its device, for VBLK and VCHR
   */
  record NodeInfo(Cookie cookie, VType vtype, long size, long rdev) implements OpReply {
    public NodeInfo {
      Objects.requireNonNull(cookie, "cookie");
      Objects.requireNonNull(vtype, "vtype");
    }
  }

  /**
   * The handle VPTOFH made.
   *
   * @param handle the handle; its size is {@code pvfsr_dsize} of the reply
   */
  record Handle(FileHandle handle) implements OpReply {
    public Handle {
      Objects.requireNonNull(handle, "handle");
    }
  }

  /**
   * STATVFS's answer.
   *
   * @param statvfs the statistics
   */
  record FsStats(Statvfs statvfs) implements OpReply {
    public FsStats {
      Objects.requireNonNull(statvfs, "statvfs");
    }
  }

  /**
   * OPEN's answer.
   *
   * @param oflags {@link OpenFlags#PUFFS_OPEN_IO_DIRECT} or 0
   */
  record Opened(int oflags) implements OpReply {}

  /**
   * GETATTR's and SETATTR's answer.
   *
   * @param va the node's attributes (after the change, for SETATTR)
   * @param vaTtl how long they stay valid on {@code CACHE_FS_TTL} mounts ({@link Timespec#ZERO} = not given)
   */
  record Attributes(Vattr va, Timespec vaTtl) implements OpReply {
    public Attributes {
      Objects.requireNonNull(va, "va");
      Objects.requireNonNull(vaTtl, "vaTtl");
    }

    /** Attributes without a TTL. */
    public static Attributes of(Vattr va) {
      return new Attributes(va, Timespec.ZERO);
    }
  }

  /**
   * READ's answer. {@code resid} is what the server says it did not read; the engine checks that it did not grow
   * and that {@code data} is exactly {@code requested - resid} bytes.
   *
   * @param data the bytes read
   * @param resid bytes of the request not done
   */
  record ReadData(Bytes data, long resid) implements OpReply {
    public ReadData {
      Objects.requireNonNull(data, "data");
    }

    /** The answer to a request for {@code requested} bytes that produced {@code data}. */
    public static ReadData of(Bytes data, long requested) {
      return new ReadData(data, requested - data.size());
    }
  }

  /**
   * WRITE's and SETEXTATTR's answer: bytes of the request not done. The engine treats a non-zero resid as EIO.
   *
   * @param resid bytes not written
   */
  record Resid(long resid) implements OpReply {
    /** Everything was done. */
    public static final Resid DONE = new Resid(0);
  }

  /**
   * POLL's answer.
   *
   * @param revents the ready events
   */
  record PollReady(int revents) implements OpReply {}

  /**
   * READDIR's answer.
   *
   * @param entries the entries, in order
   * @param cookies one NFS cookie (the offset to continue after that entry) per entry when the request asked for
   *     cookies; empty otherwise
   * @param offset the offset to continue from
   * @param resid the unused bytes of the buffer (request resid minus the entries' record lengths)
   * @param eof {@code true} if there is nothing after these entries
   */
  record Entries(List<DirEntry> entries, List<Long> cookies, long offset, long resid, boolean eof)
      implements OpReply {
    public Entries {
      entries = List.copyOf(entries);
      cookies = List.copyOf(cookies);
    }
  }

  /**
   * READLINK's answer.
   *
   * @param link the target text (its UTF-8 length is {@code pvnr_linklen})
   */
  record LinkTarget(String link) implements OpReply {
    public LinkTarget {
      Objects.requireNonNull(link, "link");
    }
  }

  /**
   * PATHCONF's answer.
   *
   * @param value the limit ({@code pvnr_retval})
   */
  record PathconfValue(long value) implements OpReply {}

  /**
   * ADVLOCK's answer: for GETLK the conflicting lock, or the request's lock with type UNLCK if none conflicts; for
   * SETLK and UNLCK the request's lock.
   *
   * @param lock the lock
   */
  record Lock(Flock lock) implements OpReply {
    public Lock {
      Objects.requireNonNull(lock, "lock");
    }
  }

  /**
   * GETEXTATTR's and LISTEXTATTR's answer.
   *
   * @param data the value or the name list ({@link Bytes#EMPTY} when only the size was asked)
   * @param datasize the full size of the value or list
   * @param resid the unused bytes of the buffer
   */
  record Extattr(Bytes data, long datasize, long resid) implements OpReply {
    public Extattr {
      Objects.requireNonNull(data, "data");
    }
  }
}
