package org.jpuffs.engine.msgif;

import java.util.Objects;
import java.util.Optional;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.OpReply;

/** What the engine makes of a server's reply once {@link ReplyCheck} has vetted it. */
public sealed interface CheckedReply {

  /**
   * The server succeeded and its reply keeps the protocol.
   *
   * @param body the reply fields, of the type the op declares
   * @param setbacks the valid setback bits
   */
  record Ok(OpReply body, int setbacks) implements CheckedReply {
    public Ok {
      Objects.requireNonNull(body, "body");
    }

    /** The body as the type the caller expects. */
    public <T extends OpReply> T body(Class<T> type) {
      return type.cast(body);
    }
  }

  /**
   * The operation fails with {@code errno}; if the server broke the protocol, {@code report} is the ERROR message to
   * send it ({@code puffs_senderr}).
   *
   * @param errno what the caller gets
   * @param setbacks the valid setback bits (a failed REMOVE may still ask for INACTIVE)
   * @param report the error report for the server, if any
   */
  record Failed(Errno errno, int setbacks, Optional<ErrorReport> report) implements CheckedReply {
    public Failed {
      Objects.requireNonNull(errno, "errno");
      Objects.requireNonNull(report, "report");
    }
  }
}
