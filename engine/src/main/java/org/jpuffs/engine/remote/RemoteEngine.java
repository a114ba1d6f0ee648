package org.jpuffs.engine.remote;

import com.typesafe.config.Config;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.EngineAddress;
import org.jpuffs.api.server.remote.RemoteConfig;
import org.jpuffs.engine.Mount;
import org.jpuffs.engine.MountRequest;
import org.jpuffs.engine.PuffsEngine;

/**
 * An engine that listens for servers in other JVMs: a {@link PuffsEngine} in a remote-enabled actor system (Artery on
 * {@code host:port}, untrusted mode, the settings of {@code jpuffs-remote.conf}) with {@link RemoteServers} at its
 * well-known path. What {@code jpuffs mount --listen HOST:PORT --wait-server} runs.
 */
public final class RemoteEngine implements AutoCloseable {

  private final PuffsEngine engine;
  private final RemoteServers servers;
  private final AtomicInteger keepers = new AtomicInteger();

  private RemoteEngine(PuffsEngine engine, RemoteServers servers) {
    this.engine = engine;
    this.servers = servers;
  }

  /**
   * Starts an engine listening on {@code host:port} (0: a free port, see {@link #address()}).
   *
   * @param overrides settings over the remote defaults, e.g. {@link RemoteConfig#withTls} or failure-detector timing
   * @param base the application configuration, usually {@code ConfigFactory.load()}
   */
  public static RemoteEngine start(Config overrides, Config base, String host, int port) {
    PuffsEngine engine = PuffsEngine.start(ConnectionRefusals.enable(RemoteConfig.engine(overrides, base, host, port)));
    ConnectionRefusals.start(engine.system());
    return new RemoteEngine(engine, RemoteServers.start(engine.system()));
  }

  /** The engine. */
  public PuffsEngine engine() {
    return engine;
  }

  /** Its reception of remote servers. */
  public RemoteServers servers() {
    return servers;
  }

  /** Where servers find this engine (the bound port when started with port 0). */
  public EngineAddress address() {
    Address address = engine.system().address();
    return new EngineAddress(address.getHost().orElseThrow(), address.getPort().orElseThrow());
  }

  /**
   * Offers {@code request}'s mount to servers presenting {@code token}, waits for one to register, and mounts it as
   * {@link PuffsEngine#mount} does. The stage completes when the mount is started; it fails as {@code mount} fails.
   *
   * <p>From then on the mount is kept served: when its server is lost, the next server to register for the mount is
   * attached to it ({@link Mount#attach}: replay or reattach), as often as that happens, until it is unmounted.
   */
  public CompletionStage<Mount> mountWhenRegistered(MountRequest request, String token) {
    Objects.requireNonNull(request, "request");
    return servers.offer(request.name(), token)
        .thenCompose(offered -> servers.awaitServer(request.name()))
        .thenCompose(server -> engine.mount(request, server).thenApply(mount -> keepServed(mount, server)));
  }

  /**
   * Offers {@code mount}'s name to servers presenting {@code token}, waits for one to register, and attaches it to the
   * mount, which is RECOVERING: one this engine restored from its journal ({@link PuffsEngine#restored()}), whose
   * server died with the previous engine process. Afterwards the mount is kept served as by
   * {@link #mountWhenRegistered}. The stage fails as {@link Mount#attach} fails.
   */
  public CompletionStage<Mount> attachWhenRegistered(Mount mount, String token) {
    Objects.requireNonNull(mount, "mount");
    return servers.offer(mount.name(), token)
        .thenCompose(offered -> servers.awaitServer(mount.name()))
        .thenCompose(server -> mount.attach(server).thenApply(attached -> keepServed(mount, server)));
  }

  private Mount keepServed(Mount mount, ActorRef<ServerRuntime.Command> server) {
    Duration retry = engine.system().settings().config().getDuration("jpuffs.remote.attach-retry");
    String name = "reattacher-" + URLEncoder.encode(mount.name(), StandardCharsets.UTF_8) + "-"
        + keepers.incrementAndGet();
    engine.system().systemActorOf(Reattacher.create(mount, servers, server, retry), name, Props.empty());
    return mount;
  }

  /** Stops the engine and its actor system, waiting up to {@code timeout}. */
  public void close(Duration timeout) {
    engine.close(timeout);
  }

  @Override
  public void close() {
    engine.close();
  }
}
