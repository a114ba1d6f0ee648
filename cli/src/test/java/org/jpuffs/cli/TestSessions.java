package org.jpuffs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.jpuffs.persistence.SessionInfo;
import org.jpuffs.persistence.SessionReader;
import org.jpuffs.persistence.oplog.OpRecord;

/**
 * Sessions the tests recorded, served to the commands through the {@link SessionReader.Provider} service (registered
 * in this test tree's {@code META-INF/services}): a data dir is "read" if a test put sessions under its path.
 */
final class TestSessions {

  private static final Map<Path, List<Recorded>> dirs = new ConcurrentHashMap<>();

  /** One session and its op log. */
  record Recorded(SessionInfo info, List<OpRecord> records) {}

  private TestSessions() {}

  /** Puts {@code session} into data dir {@code dataDir}. */
  static void put(Path dataDir, Recorded session) {
    dirs.computeIfAbsent(dataDir, d -> new ArrayList<>()).add(session);
  }

  /** The service: reads the dirs the tests filled. */
  public static final class Provider implements SessionReader.Provider {
    @Override
    public boolean reads(Path dataDir) {
      return dirs.containsKey(dataDir);
    }

    @Override
    public SessionReader open(Path dataDir) {
      return new Reader(dirs.get(dataDir));
    }
  }

  private record Reader(List<Recorded> recorded) implements SessionReader {
    @Override
    public CompletionStage<List<SessionInfo>> sessions() {
      return CompletableFuture.completedFuture(recorded.stream().map(Recorded::info)
          .sorted(Comparator.comparing(SessionInfo::mount).thenComparing(SessionInfo::session)).toList());
    }

    @Override
    public CompletionStage<Optional<SessionInfo>> session(String mount, OptionalLong session) {
      return CompletableFuture.completedFuture(find(mount, session).map(Recorded::info));
    }

    @Override
    public Source<OpRecord, NotUsed> records(String mount, long session) {
      return Source.from(find(mount, OptionalLong.of(session)).orElseThrow().records());
    }

    @Override
    public CompletionStage<Integer> delete(String mount, OptionalLong session) {
      List<Recorded> gone = recorded.stream().filter(s -> s.info().mount().equals(mount)
          && (session.isEmpty() || s.info().session() == session.getAsLong())).toList();
      recorded.removeAll(gone);
      return CompletableFuture.completedFuture(gone.size());
    }

    private Optional<Recorded> find(String mount, OptionalLong session) {
      return recorded.stream().filter(s -> s.info().mount().equals(mount)
              && (session.isEmpty() || s.info().session() == session.getAsLong()))
          .max(Comparator.comparing(s -> s.info().session()));
    }

    @Override
    public void close() {}
  }
}
