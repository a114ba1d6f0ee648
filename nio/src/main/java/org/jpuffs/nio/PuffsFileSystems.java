package org.jpuffs.nio;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.engine.EngineSettings;
import org.jpuffs.engine.Mount;

/**
 * Entry points and env keys of the puffs {@code java.nio.file} provider.
 *
 * <pre>{@code
 * FileSystem fs = FileSystems.newFileSystem(URI.create("puffs:/docs"),
 *     Map.of(PuffsFileSystems.ENGINE, engine, PuffsFileSystems.SERVER, new MemFs()));
 * Files.writeString(fs.getPath("/hello.txt"), "hi");
 * }</pre>
 */
public final class PuffsFileSystems {

  /** Env key: the {@link org.jpuffs.engine.PuffsEngine} that mounts (required). */
  public static final String ENGINE = "engine";
  /**
   * Env key (required): a {@code FileSystemServer} or {@code AsyncFileSystemServer} (the provider spawns its runtime
   * in the engine's actor system and stops it on close), a {@code Supplier} of one (a server factory), or the
   * {@code ActorRef<ServerRuntime.Command>} of a runtime that is already running (left running on close).
   */
  public static final String SERVER = "server";
  /** Env key: NetBSD mount flags ({@code MountFlags.MNT_RDONLY} …) as an {@code Integer}; default 0. */
  public static final String MOUNT_FLAGS = "mountFlags";
  /** Env key: the mount's {@code RecordLevel}; default MUTATIONS. */
  public static final String RECORD_LEVEL = "recordLevel";
  /** Env key: the {@link Cred} every call is made with; default the JVM process's uid, gid and groups. */
  public static final String CRED = "cred";
  /** Env key: how long a blocking call waits, a {@link Duration}; default the engine's request timeout + margin. */
  public static final String TIMEOUT = "timeout";

  /**
   * Env key: where the ops of a server the provider spawns run, a {@code ServerExecutors.Kind}; default {@code
   * jpuffs.server.executor}. {@code INLINE} for a server whose ops never block (memfs) saves a thread hand-off each
   * way per op; not for a runtime passed as an {@code ActorRef}, which has its own.
   */
  public static final String SERVER_EXECUTOR = "serverExecutor";

  static final Set<String> KEYS = Set.of(ENGINE, SERVER, MOUNT_FLAGS, RECORD_LEVEL, CRED, TIMEOUT, SERVER_EXECUTOR);

  private PuffsFileSystems() {}

  /**
   * A file system over {@code mount}, which must be started, made with the JVM process's credentials and the engine's
   * default timeout. Closing it unmounts {@code mount}.
   *
   * @throws java.nio.file.FileSystemAlreadyExistsException if a puffs file system with the mount's name is open
   */
  public static PuffsFileSystem wrap(Mount mount) throws IOException {
    EngineSettings defaults = EngineSettings.fromConfig(ConfigFactory.defaultReference());
    return wrap(mount, ProcessCred.current(), defaults.askTimeout());
  }

  /** A file system over {@code mount} whose calls are made as {@code cred} and wait at most {@code timeout}. */
  public static PuffsFileSystem wrap(Mount mount, Cred cred, Duration timeout) throws IOException {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(cred, "cred");
    Objects.requireNonNull(timeout, "timeout");
    return PuffsFileSystemProvider.instance().wrap(mount, cred, timeout.toMillis(), () -> { });
  }

  /** The credentials a file system uses when none are given: this JVM process's. */
  public static Cred processCred() {
    return ProcessCred.current();
  }
}
