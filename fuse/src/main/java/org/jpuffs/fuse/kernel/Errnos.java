package org.jpuffs.fuse.kernel;

import java.util.Map;

/** Names of the errno values the mount code reports, for error messages. */
final class Errnos {
  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(9, "EBADF"),
      Map.entry(11, "EAGAIN"), Map.entry(13, "EACCES"), Map.entry(16, "EBUSY"), Map.entry(19, "ENODEV"),
      Map.entry(20, "ENOTDIR"), Map.entry(22, "EINVAL"), Map.entry(107, "ENOTCONN"));

  private Errnos() {}

  static String name(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno) + " (" + errno + ")";
  }
}
