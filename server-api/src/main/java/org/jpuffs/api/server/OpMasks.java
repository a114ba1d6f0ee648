package org.jpuffs.api.server;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Map;
import org.jpuffs.api.protocol.OpMask;
import org.jpuffs.api.protocol.VnOpType;

/**
 * Derives a server's op mask ({@code pa_vnopmask}) from the methods its class overrides, as libpuffs derives it from
 * the non-NULL entries of {@code puffs_ops}. An op whose method is still the interface's default is left out, and
 * the engine answers it with the same default without a round trip.
 */
final class OpMasks {

  /** The server method of each vnode op that travels. */
  static final Map<VnOpType, String> METHODS = Map.ofEntries(
        Map.entry(VnOpType.LOOKUP, "lookup"),
        Map.entry(VnOpType.CREATE, "create"),
        Map.entry(VnOpType.MKNOD, "mknod"),
        Map.entry(VnOpType.OPEN, "open"),
        Map.entry(VnOpType.CLOSE, "close"),
        Map.entry(VnOpType.ACCESS, "access"),
        Map.entry(VnOpType.GETATTR, "getattr"),
        Map.entry(VnOpType.SETATTR, "setattr"),
        Map.entry(VnOpType.READ, "read"),
        Map.entry(VnOpType.WRITE, "write"),
        Map.entry(VnOpType.POLL, "poll"),
        Map.entry(VnOpType.MMAP, "mmap"),
        Map.entry(VnOpType.FSYNC, "fsync"),
        Map.entry(VnOpType.SEEK, "seek"),
        Map.entry(VnOpType.REMOVE, "remove"),
        Map.entry(VnOpType.LINK, "link"),
        Map.entry(VnOpType.RENAME, "rename"),
        Map.entry(VnOpType.MKDIR, "mkdir"),
        Map.entry(VnOpType.RMDIR, "rmdir"),
        Map.entry(VnOpType.SYMLINK, "symlink"),
        Map.entry(VnOpType.READDIR, "readdir"),
        Map.entry(VnOpType.READLINK, "readlink"),
        Map.entry(VnOpType.ABORTOP, "abortop"),
        Map.entry(VnOpType.INACTIVE, "inactive"),
        Map.entry(VnOpType.RECLAIM, "reclaim"),
        Map.entry(VnOpType.PRINT, "print"),
        Map.entry(VnOpType.PATHCONF, "pathconf"),
        Map.entry(VnOpType.ADVLOCK, "advlock"),
        Map.entry(VnOpType.GETEXTATTR, "getextattr"),
        Map.entry(VnOpType.SETEXTATTR, "setextattr"),
        Map.entry(VnOpType.LISTEXTATTR, "listextattr"),
        Map.entry(VnOpType.DELETEEXTATTR, "deleteextattr"),
        Map.entry(VnOpType.FALLOCATE, "fallocate"),
        Map.entry(VnOpType.FDISCARD, "fdiscard"));

  private OpMasks() {}

  /** The ops whose method {@code server}'s class overrides from {@code api}. */
  static OpMask derive(Object server, Class<?> api) {
    EnumSet<VnOpType> ops = EnumSet.noneOf(VnOpType.class);
    for (Map.Entry<VnOpType, String> entry : METHODS.entrySet()) {
      if (overrides(server.getClass(), api, entry.getValue())) {
        ops.add(entry.getKey());
      }
    }
    return OpMask.of(ops);
  }

  /** {@code true} if {@code type} implements the named method of {@code api} itself rather than keeping the default. */
  static boolean overrides(Class<?> type, Class<?> api, String methodName) {
    for (Method method : api.getMethods()) {
      if (method.getName().equals(methodName)) {
        try {
          return type.getMethod(methodName, method.getParameterTypes()).getDeclaringClass() != api;
        } catch (NoSuchMethodException e) {
          throw new IllegalStateException("public method " + methodName + " not found on " + type, e);
        }
      }
    }
    throw new IllegalArgumentException(api + " has no method " + methodName);
  }
}
