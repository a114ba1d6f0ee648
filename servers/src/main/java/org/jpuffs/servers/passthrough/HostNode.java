package org.jpuffs.servers.passthrough;

import java.nio.file.Path;
import org.jpuffs.api.protocol.Cookie;

/**
 * A node of the served tree as one op sees it: where it is on the host now and what a fresh {@code lstat} said.
 *
 * @param path its current host path
 * @param attrs the attributes read while resolving it
 */
record HostNode(Path path, HostAttributes attrs) {

  Cookie cookie() {
    return attrs.cookie();
  }
}
