package org.jpuffs.engine.recovery;

import org.apache.pekko.actor.typed.Behavior;
import org.jpuffs.api.server.ServerRuntime;

/**
 * Makes a new server for a mount whose server died ({@code Mount.setServerFactory}): the mount spawns what it returns
 * as its own child and attaches it as {@code Mount.attach} would, retrying with back-off when the factory throws, the
 * server does not catch up, or it dies again. Typically {@code () -> ServerRuntime.create(new MemFs())}.
 */
@FunctionalInterface
public interface ServerFactory {

  /**
   * A new server's runtime behavior.
   *
   * @throws Exception if no server can be made now; the mount tries again after a back-off
   */
  Behavior<ServerRuntime.Command> create() throws Exception;
}
