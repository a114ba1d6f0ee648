package org.jpuffs.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.server.ServerExecutors;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What only a puffs file system has: mounting through env, wrap, close, credentials, cross-mount moves. */
class PuffsFileSystemProviderTest {

  static final ActorTestKit testKit = PuffsTesting.testKit();
  static final PuffsTesting t = new PuffsTesting(testKit);

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static URI uriOf(String name) {
    return URI.create("puffs:/" + name);
  }

  @Test
  void newFileSystemMountsAndIsFoundByItsUri() throws IOException {
    String name = PuffsTesting.freshName("found");
    try (FileSystem fs = t.mount(name, PuffsTesting.ownedMemFs())) {
      assertSame(fs, FileSystems.getFileSystem(uriOf(name)));
      Files.writeString(fs.getPath("/a"), "x");
      assertEquals("x", Files.readString(Path.of(URI.create("puffs:/" + name + "/a"))));
      assertTrue(Files.getFileStore(fs.getPath("/")).type().contains("memfs"));
    }
    assertThrows(FileSystemNotFoundException.class, () -> FileSystems.getFileSystem(uriOf(name)));
  }

  @Test
  void aServerFactoryIsAcceptedToo() throws IOException {
    String name = PuffsTesting.freshName("factory");
    java.util.function.Supplier<MemFs> factory = PuffsTesting::ownedMemFs;
    try (FileSystem fs = FileSystems.newFileSystem(uriOf(name),
        Map.of(PuffsFileSystems.ENGINE, t.engine, PuffsFileSystems.SERVER, factory))) {
      assertTrue(Files.isDirectory(fs.getPath("/")));
    }
  }

  @Test
  void aServerCanRunInlineAndOnlyAServerTheProviderSpawns() throws IOException {
    String name = PuffsTesting.freshName("inline");
    try (FileSystem fs = FileSystems.newFileSystem(uriOf(name), Map.of(PuffsFileSystems.ENGINE, t.engine,
        PuffsFileSystems.SERVER, PuffsTesting.ownedMemFs(), PuffsFileSystems.SERVER_EXECUTOR,
        ServerExecutors.Kind.INLINE))) {
      Files.writeString(fs.getPath("/a"), "inline");
      assertEquals("inline", Files.readString(fs.getPath("/a")));
      Files.delete(fs.getPath("/a"));
      assertFalse(Files.exists(fs.getPath("/a")));
    }
    URI running = uriOf(PuffsTesting.freshName("running"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(running,
        Map.of(PuffsFileSystems.ENGINE, t.engine, PuffsFileSystems.SERVER,
            t.testKit.spawn(ServerRuntime.create(PuffsTesting.ownedMemFs())), PuffsFileSystems.SERVER_EXECUTOR,
            ServerExecutors.Kind.INLINE)));
    assertTrue(e.getMessage().contains(PuffsFileSystems.SERVER_EXECUTOR), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(running, Map.of(
        PuffsFileSystems.ENGINE, t.engine, PuffsFileSystems.SERVER, PuffsTesting.ownedMemFs(),
        PuffsFileSystems.SERVER_EXECUTOR, "inline")));
  }

  @Test
  void aSecondFileSystemOfOneNameIsRefused() throws IOException {
    String name = PuffsTesting.freshName("twice");
    try (FileSystem fs = t.mount(name, PuffsTesting.ownedMemFs())) {
      assertTrue(fs.isOpen());
      assertThrows(FileSystemAlreadyExistsException.class, () -> t.mount(name, PuffsTesting.ownedMemFs()));
    }
  }

  @Test
  void badEnvIsAnIllegalArgument() {
    URI uri = uriOf(PuffsTesting.freshName("bad"));
    assertThrows(IllegalArgumentException.class, () ->
        FileSystems.newFileSystem(uri, Map.of(PuffsFileSystems.SERVER, PuffsTesting.ownedMemFs())));
    assertThrows(IllegalArgumentException.class, () ->
        FileSystems.newFileSystem(uri, Map.of(PuffsFileSystems.ENGINE, t.engine, PuffsFileSystems.SERVER, "memfs")));
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(uri,
        Map.of(PuffsFileSystems.ENGINE, t.engine, PuffsFileSystems.SERVER, PuffsTesting.ownedMemFs(), "colour", "blue")));
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(uri,
        Map.of(PuffsFileSystems.ENGINE, t.engine, PuffsFileSystems.SERVER, PuffsTesting.ownedMemFs(), PuffsFileSystems.CRED, 0)));
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(URI.create("puffs:/"),
        Map.of(PuffsFileSystems.ENGINE, t.engine, PuffsFileSystems.SERVER, PuffsTesting.ownedMemFs())));
  }

  @Test
  void closeClosesEverythingOpenAndUnmounts() throws IOException {
    String name = PuffsTesting.freshName("close");
    FileSystem fs = t.mount(name, PuffsTesting.ownedMemFs());
    Path file = Files.writeString(fs.getPath("/f"), "data");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    DirectoryStream<Path> stream = Files.newDirectoryStream(fs.getPath("/"));
    java.util.Iterator<Path> entries = stream.iterator();
    WatchService watcher = fs.newWatchService();
    fs.close();
    assertFalse(fs.isOpen());
    assertFalse(channel.isOpen());
    assertFalse(entries.hasNext()); // the stream was closed with the file system
    assertThrows(ClosedWatchServiceException.class, watcher::poll);
    assertThrows(ClosedFileSystemException.class, () -> Files.readString(file));
    assertThrows(ClosedFileSystemException.class, () -> Files.exists(file));
    assertFalse(((PuffsFileSystem) fs).unmountForced()); // the open channel's CLOSE came before the unmount
    fs.close(); // twice is fine
  }

  @Test
  void wrapTurnsAMountIntoAFileSystem() throws Exception {
    String name = PuffsTesting.freshName("wrap");
    Mount mount = t.engine.mount(MountRequest.of(name), testKit.spawn(
        org.jpuffs.api.server.ServerRuntime.create(PuffsTesting.ownedMemFs()))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (PuffsFileSystem fs = PuffsFileSystems.wrap(mount)) {
      assertSame(mount, fs.mount());
      assertEquals(PuffsFileSystems.processCred(), fs.cred());
      Files.createDirectories(fs.getPath("/a/b"));
      assertSame(fs, FileSystems.getFileSystem(uriOf(name)));
      assertThrows(FileSystemAlreadyExistsException.class, () -> PuffsFileSystems.wrap(mount));
    }
  }

  @Test
  void otherProvidersPathsAreAMismatchButFilesCopiesAcross() throws IOException {
    try (FileSystem fs = t.mount(PuffsTesting.freshName("mismatch"), PuffsTesting.ownedMemFs())) {
      Path puffs = fs.getPath("/f");
      Path local = Files.createTempFile("puffs-nio", ".txt");
      try {
        assertThrows(ProviderMismatchException.class, () -> puffs.resolve(local));
        assertThrows(ProviderMismatchException.class, () -> fs.provider().delete(local));
        Files.writeString(local, "from the host");
        Files.copy(local, puffs);
        assertEquals("from the host", Files.readString(puffs));
        Files.copy(puffs, local, StandardCopyOption.REPLACE_EXISTING);
        assertEquals("from the host", Files.readString(local));
      } finally {
        Files.delete(local);
      }
    }
  }

  @Test
  void movesBetweenTwoMountsCopyAndAreNeverAtomic() throws IOException {
    try (FileSystem a = t.mount(PuffsTesting.freshName("a"), PuffsTesting.ownedMemFs());
         FileSystem b = t.mount(PuffsTesting.freshName("b"), PuffsTesting.ownedMemFs())) {
      Path from = Files.writeString(a.getPath("/f"), "moving");
      assertThrows(AtomicMoveNotSupportedException.class,
          () -> Files.move(from, b.getPath("/f"), StandardCopyOption.ATOMIC_MOVE));
      Files.move(from, b.getPath("/f"));
      assertFalse(Files.exists(from));
      assertEquals("moving", Files.readString(b.getPath("/f")));
      assertFalse(Files.isSameFile(a.getPath("/"), b.getPath("/")));
    }
  }

  @Test
  void callsAreMadeWithTheFileSystemsCredentials() throws IOException {
    // A plain memfs: its root belongs to root (mode 0755), whoever runs the test.
    String name = PuffsTesting.freshName("cred");
    try (FileSystem fs = FileSystems.newFileSystem(uriOf(name), Map.of(PuffsFileSystems.ENGINE, t.engine,
        PuffsFileSystems.SERVER, new MemFs(), PuffsFileSystems.CRED, Cred.user(1000, 1000),
        PuffsFileSystems.TIMEOUT, Duration.ofSeconds(10)))) {
      Path root = fs.getPath("/");
      fs.provider().checkAccess(root, AccessMode.READ);
      assertThrows(AccessDeniedException.class, () -> fs.provider().checkAccess(root, AccessMode.WRITE));
      assertThrows(AccessDeniedException.class, () -> Files.createFile(fs.getPath("/mine")));
      assertEquals(Cred.user(1000, 1000), ((PuffsFileSystem) fs).cred());
    }
  }

  @Test
  void mapIsUnsupported() throws IOException {
    try (FileSystem fs = t.mount(PuffsTesting.freshName("map"), PuffsTesting.ownedMemFs())) {
      Path file = Files.writeString(fs.getPath("/f"), "x");
      try (FileChannel channel = FileChannel.open(file)) {
        assertThrows(UnsupportedOperationException.class,
            () -> channel.map(FileChannel.MapMode.READ_ONLY, 0, 1));
      }
    }
  }

  @Test
  void changesBehindAPassthroughsBackReachWatchServices() throws IOException, InterruptedException {
    Path host = Files.createTempDirectory("puffs-nio-watch");
    try (FileSystem fs = t.mount(PuffsTesting.freshName("watch"), new PassthroughFs(host));
         WatchService watcher = fs.newWatchService()) {
      Path dir = Files.createDirectory(fs.getPath("/watched"));
      dir.register(watcher, ENTRY_CREATE);
      // Written on the host, not through puffs: only the server's invalidation can tell the watch service.
      Files.write(host.resolve("watched/outside"), "x".getBytes(UTF_8));
      while (true) {
        WatchKey key = watcher.poll(20, TimeUnit.SECONDS);
        assertTrue(key != null, "no event for a file created on the host");
        boolean seen = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          seen |= event.kind() == ENTRY_CREATE && event.context().toString().equals("outside");
        }
        key.reset();
        if (seen) {
          break;
        }
      }
    } finally {
      PuffsTesting.deleteTree(host);
    }
  }

  @Test
  void interruptedWritersFindTheChannelClosed() throws IOException {
    try (FileSystem fs = t.mount(PuffsTesting.freshName("interrupt"), PuffsTesting.ownedMemFs())) {
      FileChannel channel = FileChannel.open(fs.getPath("/f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      Thread.currentThread().interrupt();
      try {
        assertThrows(java.nio.channels.ClosedByInterruptException.class,
            () -> channel.write(ByteBuffer.wrap(new byte[] {1})));
      } finally {
        Thread.interrupted();
      }
      assertFalse(channel.isOpen());
    }
  }
}
