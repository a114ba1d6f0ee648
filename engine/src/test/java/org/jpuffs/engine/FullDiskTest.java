package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;
import static org.jpuffs.engine.EngineTesting.errnoOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.FsyncFlags;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.mount.MountInfo;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.persistence.journal.DiskReserve;
import org.jpuffs.servers.memfs.MemFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir on a real file system that fills up (a small tmpfs, so root only): without the reserve, leveldbjni's
 * mmap'd log would kill this JVM with SIGBUS; with it, journaled requests fail with ENOSPC, the mount stays up, and
 * once space is freed everything works again and survives a restart.
 */
@EnabledIf("runsAsRoot")
class FullDiskTest {

  static final long DISK = 48L << 20;
  static final long RESERVE = 16L << 20;
  static final Vattr FILE = Vattr.builder().type(VType.VREG).mode(0644).build();

  @TempDir
  Path tmp;
  Path disk;

  static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name")) && "Linux".equals(System.getProperty("os.name"));
  }

  @BeforeEach
  void mountASmallDisk() throws IOException, InterruptedException {
    disk = Files.createDirectories(tmp.resolve("disk"));
    run("mount", "-t", "tmpfs", "-o", "size=" + DISK, "jpuffs-full-disk-test", disk.toString());
  }

  @AfterEach
  void unmountIt() throws IOException, InterruptedException {
    run("umount", "-l", disk.toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
  }

  private Config config(Path dataDir) {
    return ConfigFactory.parseString("jpuffs { journal = leveldb, data-dir = \"" + dataDir + "\", journal-reserve = "
            + RESERVE + " }")
        .withFallback(ConfigFactory.load("application-test")).withFallback(ConfigFactory.load());
  }

  private static ActorRef<ServerRuntime.Command> serve(PuffsEngine engine) {
    return engine.system().systemActorOf(ServerRuntime.create(new MemFs()), "memfs-" + System.nanoTime(),
        Props.empty());
  }

  /** Fills the disk with a file until {@code leave} bytes are free. */
  private Path fill(long leave) throws IOException {
    Path filler = disk.resolve("filler");
    long size = Files.getFileStore(disk).getUsableSpace() - leave;
    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
    try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long written = 0; written < size; ) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), size - written));
        written += out.write(chunk);
      }
    }
    return filler;
  }

  /** The reserve trusts a reading of the free space for {@link DiskReserve#RECHECK_MILLIS}: outwait it. */
  private static void outwaitTheLastReading() throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(2 * DiskReserve.RECHECK_MILLIS);
  }

  private static void create(Vnode dir, String name, String text) {
    try (Vnode file = await(dir.create(name, FILE, Cred.ROOT))) {
      await(file.write(0, Bytes.utf8(text), 0, Cred.ROOT));
      await(file.fsync(FsyncFlags.FSYNC_WAIT, 0, 0, Cred.ROOT));
    }
  }

  private static String read(Vnode dir, String name) {
    try (Vnode file = await(dir.lookup(name, Cred.ROOT))) {
      return new String(await(file.read(0, 4096, 0, Cred.ROOT)).toByteArray(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFullDataDirFailsJournaledRequestsWithEnospcKeepsTheMountUpAndRecoversOnceSpaceIsFreed()
      throws IOException, InterruptedException {
    Path data = disk.resolve("data");
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = await(engine.mount(MountRequest.of("full"), serve(engine)));
      try (Vnode root = await(mount.root())) {
        create(root, "before", "written with room to spare");

        Path filler = fill(RESERVE / 2);
        outwaitTheLastReading();
        assertEquals(Errno.ENOSPC, errnoOf(root.create("refused", FILE, Cred.ROOT)));
        assertEquals(Errno.ENOSPC, errnoOf(root.mkdir("refused-dir", Vattr.builder().type(VType.VDIR).mode(0755)
            .build(), Cred.ROOT)));
        assertEquals("written with room to spare", read(root, "before"), "reads are not journaled");
        MountInfo full = await(mount.info());
        assertEquals(MountStatus.RUNNING, full.status());
        assertTrue(full.link().diskFull(), full.toString());
        assertTrue(full.link().spaceRefusals() >= 2, full.toString());

        Files.delete(filler);
        outwaitTheLastReading();
        create(root, "after", "written once space was freed");
        assertFalse(await(mount.info()).link().diskFull());
      }
    }
    // Everything acknowledged is in the journal; nothing refused is.
    try (PuffsEngine engine = PuffsEngine.start(config(data))) {
      Mount mount = engine.restored().get("full");
      await(mount.attach(serve(engine)));
      try (Vnode root = await(mount.root())) {
        assertEquals("written with room to spare", read(root, "before"));
        assertEquals("written once space was freed", read(root, "after"));
        assertEquals(Errno.ENOENT, errnoOf(root.lookup("refused", Cred.ROOT)));
        assertEquals(Errno.ENOENT, errnoOf(root.lookup("refused-dir", Cred.ROOT)));
      }
    }
  }
}
