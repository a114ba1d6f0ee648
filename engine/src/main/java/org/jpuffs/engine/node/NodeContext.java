package org.jpuffs.engine.node;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.jpuffs.api.protocol.MountArgs;
import org.jpuffs.engine.msgif.ReplyCheck;
import org.jpuffs.engine.msgif.ServerLink;
import org.jpuffs.engine.node.cache.MountCaches;

/**
 * What every node actor of a mount shares: the line to the server, the mount's (sanitized) arguments, the request
 * timeout, the way back to the mount, and the mount's view of which cookies are live.
 *
 * @param mountName the mount's name, for logs
 * @param link the line to the server
 * @param args the mount arguments (flags, op mask, maxmsglen)
 * @param requestTimeout how long a request may wait for its reply
 * @param mount where node notices go
 * @param cookies the live cookies, for the node checks of replies
 * @param running whether the mount is RUNNING; ops on a mount that is not fail with ENXIO ({@code puffs_msg_enqueue})
 * @param caches the mount's cache switches, clock and name epoch
 */
public record NodeContext(String mountName, ServerLink link, MountArgs args, Duration requestTimeout,
    ActorRef<MountNotice> mount, ReplyCheck.Cookies cookies, BooleanSupplier running, MountCaches caches) {
  public NodeContext {
    Objects.requireNonNull(mountName, "mountName");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(cookies, "cookies");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(caches, "caches");
  }

  /** {@code true} if the mount has {@code kflag}. */
  public boolean has(int kflag) {
    return (args.flags() & kflag) != 0;
  }
}
