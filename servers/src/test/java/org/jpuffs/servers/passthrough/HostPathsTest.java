package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathsTest {

  @TempDir
  Path tmp;
  Path root;
  HostPaths paths;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(tmp.resolve("root")).toRealPath();
    paths = new HostPaths(root);
  }

  @Test
  void checkName_rejectsSlashNulAndEmpty() {
    assertEquals(Errno.EINVAL, errno(() -> HostPaths.checkName("")));
    assertEquals(Errno.EINVAL, errno(() -> HostPaths.checkName("a/b")));
    assertEquals(Errno.EINVAL, errno(() -> HostPaths.checkName("a/../../x")));
    assertEquals(Errno.EINVAL, errno(() -> HostPaths.checkName("a\0b")));
    assertEquals(Errno.EINVAL, errno(() -> HostPaths.checkName("/")));
  }

  @Test
  void checkName_rejectsMoreThanNameMaxBytes() {
    assertEquals("n".repeat(255), HostPaths.checkName("n".repeat(255)));
    assertEquals(Errno.ENAMETOOLONG, errno(() -> HostPaths.checkName("n".repeat(256))));
    // 128 two-byte characters are 256 bytes.
    assertEquals(Errno.ENAMETOOLONG, errno(() -> HostPaths.checkName("é".repeat(128))));
  }

  @Test
  void child_isTheNameInTheDirectory() {
    assertEquals(root.resolve("a"), paths.child(root, "a"));
    assertEquals(root.resolve("a").resolve("b"), paths.child(root.resolve("a"), "b"));
  }

  @Test
  void child_refusesDotNames() {
    assertEquals(Errno.EINVAL, errno(() -> paths.child(root, "..")));
    assertEquals(Errno.EINVAL, errno(() -> paths.child(root, ".")));
  }

  @Test
  void parentOfRootIsRoot() {
    assertEquals(root, paths.parent(root));
    assertEquals(root, paths.parent(root.resolve("a")));
  }

  @Test
  void checkInside_refusesPathsOutsideTheRoot() {
    assertEquals(Errno.EXDEV, errno(() -> paths.checkInside(root.resolve("..").resolve("x"))));
    assertEquals(Errno.EXDEV, errno(() -> paths.checkInside(Path.of("/etc"))));
    paths.checkInside(root.resolve("a/b"));
  }

  @Test
  void checkNoLinks_findsADirectoryReplacedByALink() throws IOException {
    Path dir = Files.createDirectory(root.resolve("d"));
    paths.checkNoLinks(dir);
    Files.delete(dir);
    Files.createSymbolicLink(dir, Path.of("/etc"));
    assertEquals(Errno.ESTALE, errno(() -> paths.checkNoLinks(dir)));
    assertEquals(Errno.ESTALE, errno(() -> paths.checkNoLinks(root.resolve("missing"))));
  }

  @Test
  void rootIsResolvedToItsRealPath() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("link"), root);
    assertEquals(root, new HostPaths(link).root());
  }

  @Test
  void rootMustBeADirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "");
    assertThrows(IllegalArgumentException.class, () -> new HostPaths(file));
  }

  private static Errno errno(Runnable call) {
    return assertThrows(PuffsException.class, call::run).errno();
  }
}
