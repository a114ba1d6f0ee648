package org.jpuffs.engine.recovery;

/**
 * What a mount's server link is doing, for status reports.
 *
 * @param connected whether a server is attached and requests flow
 * @param replaying whether a replay into a new server is under way
 * @param parked how many requests wait for a server
 * @param inFlight how many requests the server has and not answered
 * @param journaled how many records this session has written to the op log
 * @param batches in how many writes (group commits) it wrote them
 * @param replayDone how many journaled mutations the current (or last) replay has fed the server
 * @param replayTotal how many it has to feed
 * @param journalFailures how many op-log writes failed (their requests failed with EIO)
 * @param snapshots how many server snapshots this link has journaled
 * @param restoredFrom the op-log record the last replay's snapshot covered (the replay fed only later records); 0 if
 *     it replayed from the start, or there was no replay
 * @param diskFull whether the data dir was below its free-space reserve when a journaled request last came
 *     ({@code jpuffs.journal-reserve}): such requests fail with ENOSPC until space is freed
 * @param spaceRefusals how many requests failed with ENOSPC for that reason
 */
public record LinkStatus(boolean connected, boolean replaying, int parked, int inFlight, long journaled,
    long batches, long replayDone, long replayTotal, long journalFailures, long snapshots, long restoredFrom,
    boolean diskFull, long spaceRefusals) {}
