package org.jpuffs.persistence.oplog;

import java.util.Objects;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;

/**
 * One engine → server message and the server's answer, as the op log keeps it: the request exactly as sent (with the
 * server's cookies of that epoch, the caller's credentials and pid), the reply as received, and monotonic times.
 *
 * @param seq the record's number within its session, from 1, in the order the replies were journaled
 * @param request the request as sent
 * @param reply the reply as received; null for a fire-and-forget request
 * @param issuedNanos when the request was sent, in nanoseconds since the session started (monotonic clock)
 * @param repliedNanos when the reply arrived, same clock; equal to {@code issuedNanos} for fire-and-forget
 */
public record OpRecord(long seq, PuffsRequest request, PuffsReply reply, long issuedNanos, long repliedNanos) {

  public OpRecord {
    Objects.requireNonNull(request, "request");
    if (reply == null && !request.faf()) {
      throw new IllegalArgumentException("a request that wants a reply is recorded with its reply");
    }
    if (repliedNanos < issuedNanos) {
      throw new IllegalArgumentException("replied before issued: " + repliedNanos + " < " + issuedNanos);
    }
  }

  /** How long the server took, in nanoseconds. */
  public long latencyNanos() {
    return repliedNanos - issuedNanos;
  }
}
