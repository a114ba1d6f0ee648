package org.jpuffs.engine.replay;

import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.RequestContext;
import org.jpuffs.servers.ForwardingServer;

/** A patched server whose RENAME reports success and does nothing: a regression a replay must catch. */
final class RenameKeepsNothing extends ForwardingServer {

  RenameKeepsNothing(FileSystemServer delegate) {
    super(delegate);
  }

  @Override
  public void rename(RequestContext ctx, Cookie sourceDir, Cookie source, ComponentName sourceName, Cookie targetDir,
      Cookie target, ComponentName targetName) {
    // deliberately nothing
  }
}
