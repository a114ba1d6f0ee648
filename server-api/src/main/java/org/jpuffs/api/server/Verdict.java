package org.jpuffs.api.server;

import java.util.Objects;
import org.jpuffs.api.protocol.PuffsReply;

/** What a {@link RequestInterceptor} decides about a request or a reply. */
public sealed interface Verdict {

  /** Carry on: dispatch the request, or send the reply as it is. */
  Verdict CONTINUE = new Continue();
  /** Send nothing: the engine never hears back (it times out). */
  Verdict DROP = new Drop();
  /** Stop the runtime actor at once, as a crashing server process would. */
  Verdict CRASH = new Crash();

  /** Send {@code reply} instead (for a request: without calling the server). */
  static Verdict reply(PuffsReply reply) {
    return new Replace(reply);
  }

  /** Carry on. */
  record Continue() implements Verdict {}

  /** Send nothing. */
  record Drop() implements Verdict {}

  /** Stop the runtime. */
  record Crash() implements Verdict {}

  /**
   * Send this reply instead.
   *
   * @param reply the reply to send
   */
  record Replace(PuffsReply reply) implements Verdict {
    public Replace {
      Objects.requireNonNull(reply, "reply");
    }
  }
}
