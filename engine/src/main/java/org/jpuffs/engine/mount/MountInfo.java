package org.jpuffs.engine.mount;

import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.recovery.LinkStatus;

/**
 * A mount's state for status reports ({@code jpuffs status}, {@code Mount.info()}).
 *
 * @param name the mount's name
 * @param session the session's number
 * @param status the status
 * @param epoch the latest server's epoch
 * @param recordLevel how much is journaled
 * @param link parked and in-flight requests, op-log writes, replay progress
 */
public record MountInfo(String name, long session, MountStatus status, long epoch, RecordLevel recordLevel,
    LinkStatus link) {}
