package org.jpuffs.nio;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.server.AsyncFileSystemServer;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.ServerExecutors;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;
import org.jpuffs.engine.RecordLevel;

/**
 * The env of {@code FileSystems.newFileSystem(URI.create("puffs:/NAME"), env)}, checked: every bad key or value is an
 * {@link IllegalArgumentException} naming it.
 *
 * @param engine the engine that mounts ({@link PuffsFileSystems#ENGINE})
 * @param server the server: a {@link FileSystemServer}, an {@link AsyncFileSystemServer}, a running server runtime's
 *     {@code ActorRef<ServerRuntime.Command>}, or a {@code Supplier} of a server ({@link PuffsFileSystems#SERVER})
 * @param request the mount request: the URI's name plus mount flags and record level
 * @param cred the caller's credentials ({@link PuffsFileSystems#CRED}; default: the JVM process's)
 * @param timeout how long a blocking call waits ({@link PuffsFileSystems#TIMEOUT}; default: the engine's)
 * @param serverExecutor where a spawned server's ops run ({@link PuffsFileSystems#SERVER_EXECUTOR}); null for the
 *     configured default
 */
record FileSystemEnv(PuffsEngine engine, Object server, MountRequest request, Cred cred, Duration timeout,
    ServerExecutors.Kind serverExecutor) {

  static FileSystemEnv parse(String name, Map<String, ?> env) {
    for (String key : env.keySet()) {
      if (!PuffsFileSystems.KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown puffs env key '" + key + "'; known: " + PuffsFileSystems.KEYS);
      }
    }
    PuffsEngine engine = get(env, PuffsFileSystems.ENGINE, PuffsEngine.class, null);
    if (engine == null) {
      throw new IllegalArgumentException("env key '" + PuffsFileSystems.ENGINE + "' (a PuffsEngine) is required");
    }
    Object server = env.get(PuffsFileSystems.SERVER);
    if (!(server instanceof FileSystemServer || server instanceof AsyncFileSystemServer
        || server instanceof ActorRef<?> || server instanceof Supplier<?>)) {
      throw new IllegalArgumentException("env key '" + PuffsFileSystems.SERVER + "' must be a FileSystemServer, "
          + "an AsyncFileSystemServer, an ActorRef<ServerRuntime.Command> or a Supplier of a server, not " + server);
    }
    int flags = get(env, PuffsFileSystems.MOUNT_FLAGS, Integer.class, 0);
    RecordLevel level = get(env, PuffsFileSystems.RECORD_LEVEL, RecordLevel.class, RecordLevel.MUTATIONS);
    Cred cred = get(env, PuffsFileSystems.CRED, Cred.class, ProcessCred.current());
    Duration timeout = get(env, PuffsFileSystems.TIMEOUT, Duration.class, engine.settings().askTimeout());
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("env key '" + PuffsFileSystems.TIMEOUT + "' must be positive: " + timeout);
    }
    MountRequest request;
    try {
      request = MountRequest.of(name).withMountFlags(flags).withRecordLevel(level);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad mount name '" + name + "': " + e.getMessage(), e);
    }
    ServerExecutors.Kind serverExecutor = get(env, PuffsFileSystems.SERVER_EXECUTOR, ServerExecutors.Kind.class, null);
    if (serverExecutor != null && server instanceof ActorRef<?>) {
      throw new IllegalArgumentException("env key '" + PuffsFileSystems.SERVER_EXECUTOR + "' is for a server the "
          + "provider spawns, not a running runtime's ActorRef");
    }
    return new FileSystemEnv(engine, server, request, cred, timeout, serverExecutor);
  }

  /** {@code true} for a server of a kind the provider spawns a runtime for (and stops on close). */
  boolean spawnsServer() {
    return !(server instanceof ActorRef<?>);
  }

  /** The runtime behavior for the env's server (not called for an ActorRef). */
  org.apache.pekko.actor.typed.Behavior<ServerRuntime.Command> runtime() {
    Object made = server instanceof Supplier<?> supplier ? supplier.get() : server;
    ServerRuntime.Settings settings = ServerRuntime.Settings.fromConfig(engine.system().settings().config());
    if (serverExecutor != null) {
      settings = settings.withExecutor(serverExecutor);
    }
    if (made instanceof FileSystemServer blocking) {
      return ServerRuntime.create(blocking, settings);
    }
    if (made instanceof AsyncFileSystemServer async) {
      return ServerRuntime.create(async, settings);
    }
    throw new IllegalArgumentException("the server Supplier made " + made + ", not a server");
  }

  @SuppressWarnings("unchecked")
  ActorRef<ServerRuntime.Command> serverRef() {
    return (ActorRef<ServerRuntime.Command>) server;
  }

  private static <T> T get(Map<String, ?> env, String key, Class<T> type, T fallback) {
    Object value = env.get(key);
    if (value == null) {
      return fallback;
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("env key '" + key + "' must be a " + type.getSimpleName() + ", not "
          + value.getClass().getName());
    }
    return type.cast(value);
  }
}
