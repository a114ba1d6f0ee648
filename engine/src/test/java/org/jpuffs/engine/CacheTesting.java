package org.jpuffs.engine;

import static org.jpuffs.engine.EngineTesting.await;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.engine.node.cache.CacheClock;

/** Engines with a {@link ManualCacheClock} and a TestServer that hands out TTLs, for the cache tests. */
final class CacheTesting {
  final ActorTestKit testKit;
  final ManualCacheClock clock;
  final PuffsEngine engine;

  CacheTesting(ActorTestKit testKit, String config) {
    this(testKit, config, new ManualCacheClock());
  }

  CacheTesting(ActorTestKit testKit, String config, CacheClock clock) {
    this.testKit = testKit;
    this.clock = clock instanceof ManualCacheClock manual ? manual : null;
    this.engine = PuffsEngine.attach(testKit.system(), EngineSettings.fromConfig(
        ConfigFactory.parseString(config).withFallback(testKit.system().settings().config())).withCacheClock(clock));
  }

  Mount mount(FileSystemServer server, int extraKflags) {
    return await(engine.mount(MountRequest.of(EngineTesting.freshName()).withExtraKflags(extraKflags),
        testKit.spawn(org.jpuffs.api.server.ServerRuntime.create(server))));
  }

  /** A TestServer whose lookups, creates and getattrs carry attributes and the given TTLs. */
  static class TtlServer extends TestServer {
    final Timespec vaTtl;
    final Timespec cnTtl;

    TtlServer(Timespec vaTtl, Timespec cnTtl) {
      this.vaTtl = vaTtl;
      this.cnTtl = cnTtl;
    }

    @Override
    public OpReply.NewNode lookup(RequestContext ctx, Cookie dir, ComponentName cn) {
      return withAttributes(ctx, super.lookup(ctx, dir, cn));
    }

    @Override
    public OpReply.NewNode create(RequestContext ctx, Cookie dir, ComponentName cn, Vattr va) {
      return withAttributes(ctx, super.create(ctx, dir, cn, va));
    }

    private OpReply.NewNode withAttributes(RequestContext ctx, OpReply.NewNode node) {
      Vattr va = attributesOf(node.cookie());
      return new OpReply.NewNode(node.cookie(), node.vtype(), node.size(), node.rdev(), va, vaTtl, cnTtl,
          node.consume());
    }

    @Override
    public OpReply.Attributes getattr(RequestContext ctx, Cookie node) {
      return new OpReply.Attributes(super.getattr(ctx, node).va(), vaTtl);
    }

    @Override
    public OpReply.Attributes setattr(RequestContext ctx, Cookie node, Vattr va) {
      calls.computeIfAbsent("setattr", k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      if (Vattr.isSet(va.size())) {
        contents.compute(node, (k, old) -> java.util.Arrays.copyOf(old == null ? new byte[0] : old,
            (int) va.size()));
      }
      return new OpReply.Attributes(attributesOf(node), vaTtl);
    }

    private Vattr attributesOf(Cookie node) {
      byte[] data = contents.get(node);
      return Vattr.builder().type(types.get(node)).mode(0644).nlink(1).size(data == null ? 0 : data.length)
          .fileid(node.value()).build();
    }
  }
}
