package org.jpuffs.api.server.remote;

import java.util.Objects;
import org.jpuffs.api.protocol.PuffsSerializable;

/** The engine's answer to a {@link Register}. */
public sealed interface RegistrationReply extends PuffsSerializable {

  /** The mount name the answer is about. */
  String mount();

  /** The engine took the server for {@code mount}. */
  record Accepted(String mount) implements RegistrationReply {
    public Accepted {
      Objects.requireNonNull(mount, "mount");
    }
  }

  /** The engine refused the server: an unknown mount or a wrong token. */
  record Refused(String mount, String reason) implements RegistrationReply {
    public Refused {
      Objects.requireNonNull(mount, "mount");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
