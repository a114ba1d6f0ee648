package org.jpuffs.fuse;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.protocol.KFlags;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.Vnode;
import org.jpuffs.fuse.kernel.FuseDevice;
import org.jpuffs.fuse.kernel.FuseMounter;
import org.jpuffs.fuse.kernel.FuseSession;

/**
 * A jpuffs {@link Mount} on a Linux directory through FUSE. {@link #mount} returns once the kernel has sent INIT, so
 * the directory is usable; {@link #close} unmounts. Who mounts should also call {@link #close} from a shutdown hook
 * (the CLI does), so Ctrl-C and SIGTERM leave no stale mount behind.
 */
public final class FuseMount implements AutoCloseable {
  private static final Duration INIT_WAIT = Duration.ofSeconds(30);
  private static final Duration END_WAIT = Duration.ofSeconds(10);

  private final Mount mount;
  private final Path mountpoint;
  private final FuseSession session;
  private final VnodeBridge bridge;
  private final KernelInvalidations invalidations;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FuseMount(Mount mount, Path mountpoint, FuseSession session, VnodeBridge bridge,
      KernelInvalidations invalidations) {
    this.mount = mount;
    this.mountpoint = mountpoint;
    this.session = session;
    this.bridge = bridge;
    this.invalidations = invalidations;
  }

  /**
   * Mounts {@code mount} at {@code mountpoint} and waits for the kernel's INIT.
   *
   * @throws org.jpuffs.fuse.kernel.StaleMountException if a dead FUSE mount is at the mount point
   * @throws IOException if /dev/fuse cannot be opened, mounting fails or the kernel never sends INIT
   */
  public static FuseMount mount(Mount mount, Path mountpoint, FuseOptions options) throws IOException {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(options, "options");
    Path target = mountpoint.toAbsolutePath().normalize();
    Vnode root = await(mount.root(), INIT_WAIT, "the mount's root");
    // The engine keeps negative names unless the mount turned its name cache off; the kernel may then too.
    int flags = await(mount.args(), INIT_WAIT, "the mount's arguments").flags();
    boolean namesCached = (flags & KFlags.NOCACHE_NAME) == 0;
    // With CACHE_FS_TTL the engine keeps what the server gave a TTL for that long; the kernel may too.
    boolean serverTtls = (flags & KFlags.CACHE_FS_TTL) != 0;
    FuseDevice device;
    try {
      device = FuseMounter.mount(target, options.fsname(), options.subtype(), options.kernelOptions());
    } catch (IOException | RuntimeException e) {
      root.release();
      throw e;
    }
    VnodeBridge bridge = new VnodeBridge(mount, root, new Credentials(Paths.get("/proc")), options, namesCached,
        serverTtls);
    FuseSession session = new FuseSession(device, bridge, mount.name());
    KernelInvalidations invalidations = new KernelInvalidations(bridge.nodes(), session);
    FuseMount fuse = new FuseMount(mount, target, session, bridge, invalidations);
    session.start(options.readers());
    try {
      await(session.initialized(), INIT_WAIT, "the kernel's INIT");
    } catch (IOException e) {
      fuse.close();
      throw e;
    }
    mount.addInvalidationListener(invalidations);
    return fuse;
  }

  /** Unmounts whatever FUSE mount is at {@code mountpoint} (also a stale one whose server died). */
  public static void unmount(Path mountpoint) throws IOException {
    FuseMounter.unmount(mountpoint.toAbsolutePath().normalize());
  }

  /** Where it is mounted. */
  public Path mountpoint() {
    return mountpoint;
  }

  /** The jpuffs mount it serves. */
  public Mount mount() {
    return mount;
  }

  /** The negotiated FUSE protocol minor. */
  public int protocolMinor() {
    return session.minor();
  }

  /** The kernel's requests being served and not answered yet. */
  public int requestsInFlight() {
    return session.inFlight();
  }

  /** The number of nodes the kernel currently holds (lookup count above zero), the root included. */
  public int kernelNodes() {
    return bridge.nodes().size();
  }

  /** Completes when the mount is gone (unmounted by {@link #close} or from outside, e.g. {@code jpuffs umount}). */
  public CompletionStage<Void> ended() {
    return session.ended();
  }

  /**
   * Unmounts (lazily if a process is still inside) and waits for the session to end; every node reference is given
   * back to the engine. Idempotent.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    mount.removeInvalidationListener(invalidations);
    invalidations.close();
    IOException failure = null;
    if (!session.ended().toCompletableFuture().isDone()) {
      try {
        FuseMounter.unmount(mountpoint);
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure == null) {
      await(session.ended(), END_WAIT, "the FUSE session to end");
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static <T> T await(CompletionStage<T> stage, Duration wait, String what) throws IOException {
    try {
      return stage.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PuffsException puffs) {
        throw new IOException(what + ": " + puffs.getMessage(), puffs);
      }
      throw new IOException(what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IOException("waited " + wait.toSeconds() + " s for " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + what, e);
    }
  }

  @Override
  public String toString() {
    return "FuseMount[" + mount.name() + " at " + mountpoint + "]";
  }
}
