package org.jpuffs.servers.passthrough;

/**
 * Who this server process is on the host. A passthrough server running as root can give new nodes to their
 * creators and make device nodes; one running as a user cannot, and leaves new nodes owned by itself.
 */
final class ServerProcess {

  private static final long UID = readUid();

  private ServerProcess() {}

  /** The process's effective uid, or -1 if it cannot be told. */
  static long uid() {
    return UID;
  }

  /** {@code true} if the process runs as root. */
  static boolean isRoot() {
    return UID == 0;
  }

  private static long readUid() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (RuntimeException | LinkageError e) {
      // Not a Unix JDK, or the jdk.security.auth module is left out of this runtime image.
      return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
  }
}
