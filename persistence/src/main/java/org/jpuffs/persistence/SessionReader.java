package org.jpuffs.persistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * Reads the sessions a data dir holds: their list, and each one's op log as a stream (never the whole session in
 * memory), for {@code jpuffs sessions}, {@code inspect} and {@code replay}. A reader never takes the data dir's lock
 * away from a running engine: it reads through Pekko persistence query, or says the dir is in use.
 *
 * <p>Which journal a data dir is read from is a {@link Provider}'s business, found with {@link ServiceLoader}: the
 * LevelDB binding is the default journal's, and tests register readers of their own. The op-log part of a reader is
 * {@link SessionReaderOpLog} over the journal's read journal.
 */
public interface SessionReader extends AutoCloseable {

  /** Every session of every mount, ordered by mount name, then session number. */
  CompletionStage<List<SessionInfo>> sessions();

  /** Session {@code session} of {@code mount}, or its last session when {@code session} is empty. */
  CompletionStage<Optional<SessionInfo>> session(String mount, OptionalLong session);

  /** The op log of one session, in record order, streamed from the journal. */
  Source<OpRecord, NotUsed> records(String mount, long session);

  /**
   * Deletes session {@code session} of {@code mount}, or all of its sessions when {@code session} is empty.
   *
   * @return how many sessions were deleted
   */
  CompletionStage<Integer> delete(String mount, OptionalLong session);

  /** Lets the data dir go. */
  @Override
  void close();

  /** Opens readers of data dirs; registered in {@code META-INF/services/org.jpuffs.persistence.SessionReader$Provider}. */
  interface Provider {
    /** {@code true} if this provider reads {@code dataDir} (e.g. it holds this provider's journal). */
    boolean reads(Path dataDir);

    /** A reader of {@code dataDir}. */
    SessionReader open(Path dataDir);
  }

  /**
   * A reader of {@code dataDir} from the first provider on the class path that reads it.
   *
   * @throws IllegalStateException if no provider reads it
   */
  static SessionReader open(Path dataDir) {
    for (Provider provider : ServiceLoader.load(Provider.class)) {
      if (provider.reads(dataDir)) {
        return provider.open(dataDir);
      }
    }
    throw new IllegalStateException("no session reader for " + dataDir
        + " (is it a jpuffs data dir, and is a journal binding on the class path?)");
  }
}
