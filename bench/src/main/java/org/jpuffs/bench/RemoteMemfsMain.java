package org.jpuffs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.EngineAddress;
import org.jpuffs.api.server.remote.RemoteConfig;
import org.jpuffs.api.server.remote.RemoteServer;
import org.jpuffs.api.server.remote.ServerRegistration;
import org.jpuffs.servers.memfs.MemFs;

/**
 * The other JVM of {@link RemoteServerBenchmark}: a memfs registered for mount {@code MOUNT} of the engine at
 * {@code ENGINE} with {@code TOKEN}, what {@code jpuffs serve --fs memfs} runs (the bench module does not depend on the
 * cli). Prints {@code registered} once accepted.
 */
public final class RemoteMemfsMain {

  private RemoteMemfsMain() {}

  /** The benchmark keeps our stdin open; EOF means its JVM is gone (even killed), so this one must not linger. */
  static void exitWhenParentGoes(RemoteServer server) {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; only the end matters
        }
      } catch (java.io.IOException e) {
        // a broken pipe means the same
      }
      server.close();
      System.exit(0);
    }, "parent watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  public static void main(String[] args) {
    Config config = RemoteConfig.server(ConfigFactory.systemProperties(),
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()), "127.0.0.1", 0);
    RemoteServer server = RemoteServer.start(ServerRuntime.create(new MemFs()),
        ServerRegistration.Settings.fromConfig(config, EngineAddress.parse(args[0]), args[1], args[2]), config);
    exitWhenParentGoes(server);
    server.registered().toCompletableFuture().join();
    System.out.println("registered");
    server.whenTerminated().toCompletableFuture().join();
  }
}
