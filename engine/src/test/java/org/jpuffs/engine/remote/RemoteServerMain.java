package org.jpuffs.engine.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.Behavior;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.api.server.remote.EngineAddress;
import org.jpuffs.api.server.remote.RemoteConfig;
import org.jpuffs.api.server.remote.RemoteServer;
import org.jpuffs.api.server.remote.ServerRegistration;
import org.jpuffs.servers.memfs.MemFs;
import org.jpuffs.servers.passthrough.PassthroughFs;

/**
 * The server JVM of the remote tests: {@code ENGINE MOUNT TOKEN FS} (FS is memfs or passthrough:DIR), Artery settings
 * from system properties. Prints {@code registered} once the engine accepted it, or {@code refused: why} and exits 1.
 */
public final class RemoteServerMain {

  private RemoteServerMain() {}

  public static void main(String[] args) {
    EngineAddress engine = EngineAddress.parse(args[0]);
    Config config = RemoteConfig.server(ConfigFactory.systemProperties(), ConfigFactory.load(), "127.0.0.1", 0);
    FileSystemServer fs = args[3].startsWith("passthrough:")
        ? new PassthroughFs(Path.of(args[3].substring("passthrough:".length()))) : new MemFs();
    Behavior<ServerRuntime.Command> runtime = Boolean.getBoolean("jpuffs.test.trace")
        ? ServerRuntime.create(fs, ServerRuntime.Settings.fromConfig(config).withInterceptor(new RequestInterceptor() {
            @Override
            public Verdict onReply(PuffsRequest request, PuffsReply reply) {
              System.err.println("TRACE " + request + " -> " + reply);
              return new Verdict.Continue();
            }
          }))
        : ServerRuntime.create(fs);
    RemoteServer server = RemoteServer.start(runtime,
        ServerRegistration.Settings.fromConfig(config, engine, args[1], args[2]), config);
    // The test JVM keeps our stdin open; EOF means it is gone (even killed), and a server must not outlive it.
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; only the end matters
        }
      } catch (java.io.IOException e) {
        // a broken pipe means the same
      }
      Runtime.getRuntime().halt(0);
    }, "parent watcher");
    watcher.setDaemon(true);
    watcher.start();
    server.registered().whenComplete((accepted, failure) -> {
      if (failure == null) {
        System.out.println("registered " + accepted.mount());
      } else {
        System.out.println("refused: " + failure.getMessage());
        System.out.flush();
        Runtime.getRuntime().halt(1);
      }
    });
    server.whenTerminated().toCompletableFuture().join();
  }
}
