package org.jpuffs.nio;

import com.sun.security.auth.module.UnixSystem;
import java.util.Arrays;
import org.jpuffs.api.protocol.Cred;

/**
 * The credentials of the process running this JVM, the default caller of a puffs file system: as with the default
 * file system, code sees the files as the user the JVM runs as.
 */
final class ProcessCred {

  private static final UnixSystem SYSTEM = new UnixSystem();
  private static final Cred CURRENT = Cred.user((int) SYSTEM.getUid(), (int) SYSTEM.getGid(),
      Arrays.stream(SYSTEM.getGroups()).mapToInt(group -> (int) group)
          .filter(group -> group != SYSTEM.getGid()).boxed().toArray(Integer[]::new));

  private ProcessCred() {}

  /** This process's uid, gid and supplementary groups. */
  static Cred current() {
    return CURRENT;
  }

  /** This process's user name. */
  static String userName() {
    return SYSTEM.getUsername();
  }
}
