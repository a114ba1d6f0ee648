package org.jpuffs.servers.chaos;

import java.util.Objects;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsErr;

/**
 * One fault the chaos server injected, with what the engine is expected to make of it.
 *
 * @param fault the kind
 * @param requestId the request's id (0 for a fire-and-forget request)
 * @param cookie the node in the request's header
 * @param op the op's name ({@code "VN READ"})
 * @param detail what exactly was done ({@code "resid 4096 > 100"})
 * @param expectedErrno the errno the engine must answer its client, or null where it depends on the engine (DROP:
 *     its request timeout; CRASH: recovery or ENXIO) or there is none (LATENCY)
 * @param expectedReport the error report the engine must send back, or null for none
 */
public record InjectedFault(ChaosFault fault, long requestId, Cookie cookie, String op, String detail,
    Errno expectedErrno, PuffsErr expectedReport) {
  public InjectedFault {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(detail, "detail");
  }
}
