package org.jpuffs.engine.remote;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.EventStream;
import org.apache.pekko.event.slf4j.Slf4jLoggingFilter;

/**
 * The SLF4J logging filter (logback's levels decide), except that the debug events of Pekko's TCP connection stage
 * are always published on the event stream: they are the only report of a connection the TLS layer refused that names
 * the peer's address, and {@link ConnectionRefusals} turns them into warnings. Nothing logs them at debug unless
 * logback's level for that stage says so.
 */
public final class ConnectionLogFilter extends Slf4jLoggingFilter {

  /** The class whose logger reports why a TCP connection was aborted. */
  static final String TCP_STAGE_LOGIC = "org.apache.pekko.stream.impl.io.TcpConnectionStage$TcpStreamLogic";

  /** Pekko instantiates logging filters reflectively with these arguments. */
  public ConnectionLogFilter(ActorSystem.Settings settings, EventStream eventStream) {
    super(settings, eventStream);
  }

  @Override
  public boolean isDebugEnabled(Class<?> logClass, String logSource) {
    return TCP_STAGE_LOGIC.equals(logClass.getName()) || super.isDebugEnabled(logClass, logSource);
  }
}
