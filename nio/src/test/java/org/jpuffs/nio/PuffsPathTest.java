package org.jpuffs.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of puffs paths the conformance suite cannot state for every file system. */
class PuffsPathTest {

  static final ActorTestKit testKit = PuffsTesting.testKit();
  static FileSystem fs;

  @BeforeAll
  static void mount() throws IOException {
    fs = new PuffsTesting(testKit).mount(PuffsTesting.freshName("paths"), PuffsTesting.ownedMemFs());
  }

  @AfterAll
  static void unmount() throws IOException {
    fs.close();
    testKit.shutdownTestKit();
  }

  @Test
  void urisNameTheMountThenThePathPercentEncoded() {
    Path p = fs.getPath("/a b/ü%");
    assertEquals("puffs:/" + ((PuffsFileSystem) fs).name() + "/a%20b/%C3%BC%25", p.toUri().toASCIIString());
    assertEquals(p, Path.of(p.toUri()));
    assertEquals(fs.getPath("/rel"), Path.of(fs.getPath("rel").toUri())); // relative paths are made absolute
  }

  @Test
  void otherProvidersPathsAreRefused() {
    Path local = Path.of("/tmp");
    assertThrows(ProviderMismatchException.class, () -> fs.getPath("/a").resolve(local));
    assertThrows(ProviderMismatchException.class, () -> fs.getPath("/a").relativize(local));
    assertFalse(fs.getPath("/tmp").startsWith(local));
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(InvalidPathException.class, () -> fs.getPath("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> fs.getPath("/a").getName(1));
    assertThrows(IllegalArgumentException.class, () -> fs.getPath("/a/b").subpath(1, 1));
    assertThrows(IllegalArgumentException.class, () -> fs.getPath("/a").relativize(fs.getPath("b")));
  }

  @Test
  void theRootHasNoNamesAndTheEmptyPathOneEmptyName() {
    Path root = fs.getPath("/");
    assertEquals(0, root.getNameCount());
    assertNull(root.getFileName());
    assertNull(root.getParent());
    Path empty = fs.getPath("");
    assertEquals(1, empty.getNameCount());
    assertEquals(empty, empty.getFileName());
    assertEquals(fs.getPath("x"), empty.resolve("x"));
    assertEquals(fs.getPath("/"), empty.toAbsolutePath());
  }
}
