/**
 * Session replay: {@link org.jpuffs.engine.replay.Replayer} re-drives a recorded session (a stream of
 * {@link org.jpuffs.persistence.oplog.OpRecord}s) into any server runtime, as fast as its dependencies allow or at
 * its recorded times, and reports every divergence with its op and path;
 * {@link org.jpuffs.engine.replay.StateSummaries} captures and compares final trees;
 * {@link org.jpuffs.engine.replay.ReportText} and {@link org.jpuffs.engine.replay.HtmlReport} present the result.
 * See {@code docs/replay.md}.
 */
package org.jpuffs.engine.replay;
