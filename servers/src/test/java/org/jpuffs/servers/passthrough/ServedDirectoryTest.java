package org.jpuffs.servers.passthrough;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jpuffs.api.protocol.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The fixture of the passthrough tests: a fresh served directory and a server over it, closed after each test. */
abstract class ServedDirectoryTest {

  @TempDir
  Path tmp;
  /** The served directory (real path). */
  Path host;
  PassthroughFs fs;
  Cookie root;

  @BeforeEach
  void serve() throws IOException {
    host = Files.createDirectory(tmp.resolve("served")).toRealPath();
    fs = new PassthroughFs(host);
    root = fs.rootCookie();
  }

  @AfterEach
  void closeServer() {
    fs.close();
  }

  /** The host's inode number of {@code p}, not following a final link. */
  /** The cookie the server gives the host file at {@code p}: its inode number with its generation folded in. */
  static Cookie cookieOf(Path p) throws IOException {
    return HostAttributes.read(p).cookie();
  }

  static long ino(Path p) throws IOException {
    return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }
}
