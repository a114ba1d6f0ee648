package org.jpuffs.api.server;

import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;

/**
 * A hook around every request a {@link ServerRuntime} serves: it may replace, drop or crash before the server sees a
 * request, and replace or drop the reply afterwards. The chaos server uses it to inject faults; tracing and metrics
 * fit here too. Called on the runtime's actor thread, so it must be quick and must not block.
 */
public interface RequestInterceptor {

  /** Lets everything through. */
  RequestInterceptor NONE = new RequestInterceptor() {};

  /** Before the server is called. {@link Verdict#reply} answers without calling it. */
  default Verdict onRequest(PuffsRequest request) {
    return Verdict.CONTINUE;
  }

  /** Before the reply is sent (never called for fire-and-forget requests). */
  default Verdict onReply(PuffsRequest request, PuffsReply reply) {
    return Verdict.CONTINUE;
  }
}
