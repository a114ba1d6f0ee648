package org.jpuffs.engine.msgif;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Setbacks;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;

/**
 * The engine's defences against a server's reply, gathered from {@code checkerr} ({@code puffs_sys.h}), the size
 * checks of {@code puffs_vnops.c}, and the node checks of {@code puffs_node.c}. A pure function: given the request,
 * the reply and what the mount knows about cookies, it says what the caller gets and what, if anything, to report to
 * the server. Every protocol violation fails the operation with EPROTO and produces an {@link ErrorReport}.
 *
 * <p>Where NetBSD is inconsistent, this is not: every errno passes through {@code checkerr}, RMDIR's included, and a
 * reply body of the wrong type (which C's fixed structs cannot express) is a violation like any other.
 */
public final class ReplyCheck {
  private ReplyCheck() {}

  /** {@code VSIZENOTSET}: the size a node may not be created with. */
  static final long VSIZENOTSET = -1;

  /** What the mount knows about cookies, for the node checks. */
  public interface Cookies {
    /** The root's cookie. */
    Cookie root();

    /** {@code true} if a live node has {@code cookie}. */
    boolean exists(Cookie cookie);

    /** A view over a predicate, for tests and simple callers. */
    static Cookies of(Cookie root, LongPredicate exists) {
      return new Cookies() {
        @Override
        public Cookie root() {
          return root;
        }

        @Override
        public boolean exists(Cookie cookie) {
          return exists.test(cookie.value());
        }
      };
    }
  }

  /** Vets {@code reply}, the server's answer to {@code request}. */
  public static CheckedReply check(PuffsRequest request, PuffsReply reply, Cookies cookies) {
    Op op = request.op();
    int setbacks = reply.setbacks() & Setbacks.MASK;
    Errno rv = reply.rv();
    if (!rv.isValid()) {
      return violation(request, setbacks, PuffsErr.ERROR, rv, op.opName() + ": errno " + rv.value() + " out of range");
    }
    if (!rv.isOk()) {
      return new CheckedReply.Failed(translateError(op, rv), setbacks, Optional.empty());
    }
    OpReply body = reply.body();
    if (!op.replyType().isInstance(body)) {
      return violation(request, setbacks, errCode(op), Errno.EPROTO, op.opName() + ": answered with "
          + body.getClass().getSimpleName() + " instead of " + op.replyType().getSimpleName());
    }
    String problem = sizeProblem(op, body);
    if (problem != null) {
      return violation(request, setbacks, errCode(op), Errno.E2BIG, op.opName() + ": " + problem);
    }
    CheckedReply nodeProblem = nodeCheck(request, body, setbacks, cookies);
    if (nodeProblem != null) {
      return nodeProblem;
    }
    Errno incomplete = incompleteTransfer(op, body);
    if (incomplete != null) {
      return new CheckedReply.Failed(incomplete, setbacks, Optional.empty());
    }
    return new CheckedReply.Ok(body, setbacks);
  }

  /** Errnos the kernel rewrites after checkerr. */
  private static Errno translateError(Op op, Errno rv) {
    // puffs_vnop_fallocate: a server's EAGAIN is not something the caller can retry on.
    if (op instanceof VnOp.Fallocate && rv.equals(Errno.EAGAIN)) {
      return Errno.EIO;
    }
    return rv;
  }

  /** The {@code PUFFS_ERR_*} code for a violation in the reply to {@code op}. */
  static PuffsErr errCode(Op op) {
    if (op instanceof VnOp.Read) {
      return PuffsErr.READ;
    } else if (op instanceof VnOp.Write) {
      return PuffsErr.WRITE;
    } else if (op instanceof VnOp.Readdir) {
      return PuffsErr.READDIR;
    } else if (op instanceof VnOp.Readlink) {
      return PuffsErr.READLINK;
    } else if (op instanceof VnOp.Getextattr) {
      return PuffsErr.GETEXTATTR;
    } else if (op instanceof VnOp.Listextattr) {
      return PuffsErr.LISTEXTATTR;
    } else if (op instanceof VfsOp.VpToFh) {
      return PuffsErr.VPTOFH;
    } else if (op instanceof VnOp.Lookup) {
      return PuffsErr.LOOKUP;
    } else if (creates(op) || op instanceof VfsOp.FhToVp) {
      return PuffsErr.MAKENODE;
    }
    return PuffsErr.ERROR;
  }

  /** "resid grew" and its relatives: a reply claiming more than the request had room for. */
  private static String sizeProblem(Op op, OpReply body) {
    if (op instanceof VnOp.Read read) {
      OpReply.ReadData data = (OpReply.ReadData) body;
      if (data.resid() < 0 || data.resid() > read.resid()) {
        return "resid grew (" + read.resid() + " -> " + data.resid() + ")";
      }
      if (data.data().size() != read.resid() - data.resid()) {
        return data.data().size() + " bytes returned for " + (read.resid() - data.resid()) + " done";
      }
    } else if (op instanceof VnOp.Write write) {
      long resid = ((OpReply.Resid) body).resid();
      if (resid < 0 || resid > write.data().size()) {
        return "resid grew (" + write.data().size() + " -> " + resid + ")";
      }
    } else if (op instanceof VnOp.Readdir readdir) {
      return readdirProblem(readdir, (OpReply.Entries) body);
    } else if (op instanceof VnOp.Readlink readlink) {
      int length = ((OpReply.LinkTarget) body).link().getBytes(StandardCharsets.UTF_8).length;
      if (length > readlink.linklen()) {
        return "link of " + length + " bytes for a buffer of " + readlink.linklen();
      }
    } else if (op instanceof VnOp.Getextattr get) {
      return extattrProblem(get.resid(), (OpReply.Extattr) body);
    } else if (op instanceof VnOp.Listextattr list) {
      return extattrProblem(list.resid(), (OpReply.Extattr) body);
    } else if (op instanceof VnOp.Setextattr set) {
      long resid = ((OpReply.Resid) body).resid();
      if (resid < 0 || resid > set.data().size()) {
        return "resid grew (" + set.data().size() + " -> " + resid + ")";
      }
    }
    return null;
  }

  private static String readdirProblem(VnOp.Readdir request, OpReply.Entries entries) {
    if (entries.resid() < 0 || entries.resid() > request.resid()) {
      return "resid grew (" + request.resid() + " -> " + entries.resid() + ")";
    }
    long used = 0;
    for (DirEntry entry : entries.entries()) {
      used += entry.recordLength();
    }
    if (used > request.resid()) {
      return "entries of " + used + " bytes for a buffer of " + request.resid();
    }
    if (entries.cookies().size() > request.ncookies()) {
      return "too many cookies (" + entries.cookies().size() + " for " + request.ncookies() + ")";
    }
    if (!entries.cookies().isEmpty() && entries.cookies().size() != entries.entries().size()) {
      return entries.cookies().size() + " cookies for " + entries.entries().size() + " entries";
    }
    return null;
  }

  private static String extattrProblem(long requested, OpReply.Extattr reply) {
    if (reply.resid() < 0 || reply.resid() > requested) {
      return "resid grew (" + requested + " -> " + reply.resid() + ")";
    }
    if (reply.data().size() > requested) {
      return reply.data().size() + " bytes for a buffer of " + requested;
    }
    return null;
  }

  /** The cookie rules of lookup and node creation ({@code puffs_getvnode1}, {@code puffs_newnode}). */
  private static CheckedReply nodeCheck(PuffsRequest request, OpReply body, int setbacks, Cookies cookies) {
    Op op = request.op();
    if (op instanceof VnOp.Lookup) {
      OpReply.NewNode node = (OpReply.NewNode) body;
      if (node.cookie().isNone()) {
        return violation(request, setbacks, PuffsErr.LOOKUP, Errno.EINVAL, "lookup produced no cookie");
      }
      if (node.cookie().equals(request.cookie())) {
        return violation(request, setbacks, PuffsErr.LOOKUP, Errno.EINVAL, "lookup produced parent cookie");
      }
      return nodeShape(request, setbacks, node.vtype(), node.size());
    }
    if (creates(op)) {
      OpReply.NewNode node = (OpReply.NewNode) body;
      if (node.cookie().isNone()) {
        // libpuffs' default for an unimplemented create: no node, which puffs_newnode reports as EOPNOTSUPP.
        return new CheckedReply.Failed(Errno.EOPNOTSUPP, setbacks, Optional.empty());
      }
      if (node.cookie().equals(cookies.root()) || cookies.exists(node.cookie())) {
        return violation(request, setbacks, PuffsErr.MAKENODE, Errno.EEXIST, "cookie exists");
      }
      return nodeShape(request, setbacks, createdType(op), 0);
    }
    if (op instanceof VfsOp.FhToVp) {
      OpReply.NodeInfo node = (OpReply.NodeInfo) body;
      if (node.cookie().isNone()) {
        return violation(request, setbacks, PuffsErr.MAKENODE, Errno.EINVAL, "fhtonode produced no cookie");
      }
      return nodeShape(request, setbacks, node.vtype(), node.size());
    }
    return null;
  }

  private static CheckedReply nodeShape(PuffsRequest request, int setbacks, VType type, long size) {
    if (!type.isNodeType()) {
      return violation(request, setbacks, PuffsErr.MAKENODE, Errno.EINVAL, "bad node type " + type);
    }
    if (size == VSIZENOTSET) {
      return violation(request, setbacks, PuffsErr.MAKENODE, Errno.EINVAL, "VSIZENOTSET");
    }
    return null;
  }

  /** {@code true} for the ops that make a new node ({@code puffs_newnode}). */
  public static boolean creates(Op op) {
    return op instanceof VnOp.Create || op instanceof VnOp.Mknod || op instanceof VnOp.Mkdir
        || op instanceof VnOp.Symlink;
  }

  /** The type of the node a create makes: the request's, since {@code puffs_newnode} takes it from the vattr. */
  public static VType createdType(Op op) {
    if (op instanceof VnOp.Mkdir) {
      return VType.VDIR;
    } else if (op instanceof VnOp.Symlink) {
      return VType.VLNK;
    } else if (op instanceof VnOp.Create create) {
      return create.va().type() == VType.VNON ? VType.VREG : create.va().type();
    } else if (op instanceof VnOp.Mknod mknod) {
      return mknod.va().type();
    }
    throw new IllegalArgumentException(op.opName() + " creates no node");
  }

  /** A write or setextattr the server did not finish is EIO for the caller ({@code puffs_vnop_write}). */
  private static Errno incompleteTransfer(Op op, OpReply body) {
    if ((op instanceof VnOp.Write || op instanceof VnOp.Setextattr) && ((OpReply.Resid) body).resid() != 0) {
      return Errno.EIO;
    }
    return null;
  }

  private static CheckedReply violation(PuffsRequest request, int setbacks, PuffsErr code, Errno error,
      String text) {
    // The report goes to the server with the request's cookie in its header, as puffs_senderr does.
    return new CheckedReply.Failed(Errno.EPROTO, setbacks, Optional.of(new ErrorReport(code, error, text)));
  }
}
