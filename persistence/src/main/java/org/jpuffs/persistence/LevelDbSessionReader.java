package org.jpuffs.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.journal.leveldb.javadsl.LeveldbReadJournal;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.jpuffs.persistence.journal.DataDirLock;
import org.jpuffs.persistence.journal.JournalConfig;
import org.jpuffs.persistence.journal.JournalGuard;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournalSettings;
import org.jpuffs.persistence.oplog.OpRecord;
import org.jpuffs.persistence.oplog.SessionsDeleted;

/**
 * The {@link SessionReader} of a LevelDB data dir, the journal an engine keeps by default. It reads through Pekko
 * persistence query — the LevelDB read journal's {@code currentEventsByPersistenceId} on {@code oplog|NAME}, which
 * fetches events in pages of {@code max-buffer-size} (100 group-commit batches), so a session streams and is never in
 * memory as a whole.
 *
 * <p>The LevelDB read journal reads through a LevelDB write journal in the same actor system, and LevelDB lets one
 * process open a directory: so the reader takes the data dir's lock first, like an engine and {@code jpuffs status},
 * and a data dir in use fails at once with "data dir X in use by pid N" ({@link
 * org.jpuffs.persistence.journal.DataDirInUseException}). The journal is configured exactly as the engine configures
 * it ({@link JournalConfig#plugins}), under a plugin id of the reader's own.
 */
public final class LevelDbSessionReader implements SessionReader {

  /** The plugin id suffix of the reader's journal: {@code jpuffs-journal-sessions}. */
  private static final String SUFFIX = "sessions";
  /** The reader's journal plugin id ({@link JournalConfig#plugins} names it after the suffix). */
  static final String JOURNAL_ID = "jpuffs-journal-" + SUFFIX;
  private static final Duration TERMINATION = Duration.ofSeconds(30);

  private final DataDirLock lock;
  private final ActorSystem<Void> system;
  private final LeveldbReadJournal journal;
  private final SessionReaderOpLog opLog;
  private final Duration timeout;
  private final AtomicLong pruners = new AtomicLong();

  private LevelDbSessionReader(DataDirLock lock, ActorSystem<Void> system, Duration timeout) {
    this.lock = lock;
    this.system = system;
    this.timeout = timeout;
    this.journal = PersistenceQuery.get(system).getReadJournalFor(LeveldbReadJournal.class,
        LeveldbReadJournal.Identifier());
    this.opLog = new SessionReaderOpLog(journal);
  }

  /**
   * A reader of the LevelDB journal under {@code dataDir}, configured from {@code config}'s {@code jpuffs} section
   * (which LevelDB implementation) as an engine would be.
   *
   * @throws org.jpuffs.persistence.journal.DataDirInUseException if an engine holds the data dir
   * @throws JournalException if the data dir had a journal that is gone
   */
  public static LevelDbSessionReader open(Path dataDir, Config config) {
    DataDirLock lock = DataDirLock.acquire(dataDir);
    try {
      JournalSettings settings = JournalSettings.fromConfig(config).withDataDir(lock.dataDir());
      JournalGuard.check(settings);
      JournalPlugins plugins = JournalConfig.plugins(settings, config, SUFFIX);
      if (!plugins.journalId().equals(JOURNAL_ID)) {
        throw new IllegalStateException("the journal plugin is " + plugins.journalId() + ", not " + JOURNAL_ID);
      }
      Config systemConfig = plugins.journalConfig().orElseThrow()
          .withValue("pekko.persistence.query.journal.leveldb.write-plugin",
              ConfigValueFactory.fromAnyRef(plugins.journalId()))
          .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
          .withFallback(config);
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "jpuffs-sessions", systemConfig);
      return new LevelDbSessionReader(lock, system, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The names with an op log in the journal, sorted. */
  private CompletionStage<List<String>> mounts() {
    return journal.currentPersistenceIds()
        .filter(id -> id.startsWith(SessionReaderOpLog.PREFIX))
        .map(id -> id.substring(SessionReaderOpLog.PREFIX.length()))
        .runWith(Sink.seq(), system)
        .thenApply(names -> names.stream().sorted().toList());
  }

  @Override
  public CompletionStage<List<SessionInfo>> sessions() {
    return mounts().thenCompose(names -> Source.from(names)
        .mapAsync(1, name -> opLog.sessions(name, system))
        .runWith(Sink.fold(new ArrayList<SessionInfo>(), (all, some) -> {
          all.addAll(some);
          return all;
        }), system))
        .thenApply(List::copyOf);
  }

  @Override
  public CompletionStage<Optional<SessionInfo>> session(String mount, OptionalLong session) {
    return opLog.session(mount, session, system);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The LevelDB read journal runs in the reader's actor system, so the stream is bridged (with back-pressure, as a
   * Reactive Streams publisher) into whichever system runs the returned source, when it runs it.
   */
  @Override
  public Source<OpRecord, NotUsed> records(String mount, long session) {
    return Source.lazySource(() -> Source.fromPublisher(opLog.records(mount, session)
            .runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), system)))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }

  /**
   * Marks the sessions deleted in the op log, and deletes the journal's events from its start up to the last one
   * that belongs to deleted sessions only (a journal deletes prefixes only). A session that has not ended and is the
   * mount's last is refused: a restarted engine recovers the mount from it.
   */
  @Override
  public CompletionStage<Integer> delete(String mount, OptionalLong session) {
    Objects.requireNonNull(session, "session");
    return opLog.tally(mount, OptionalLong.empty(), system).thenCompose(tally -> {
      List<Long> targets = tally.infos().stream().map(SessionInfo::session)
          .filter(n -> session.isEmpty() || n == session.getAsLong()).toList();
      if (targets.isEmpty()) {
        return CompletableFuture.completedFuture(0);
      }
      Optional<SessionTally.Session> last = tally.last();
      if (last.isPresent() && last.get().ended == null && targets.contains(last.get().number)) {
        return CompletableFuture.failedFuture(new IllegalStateException(mount + " session " + last.get().number
            + " has not ended: an engine restarted on this data dir recovers the mount from it (unmount it first)"));
      }
      long upTo = tally.prunableUpTo(new HashSet<>(targets));
      // a system actor: the reader's guardian is a typed one that spawns nothing
      ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
      ActorRef pruner = classic.systemActorOf(OpLogPruner.props(mount), "pruner-" + pruners.incrementAndGet());
      return Patterns.ask(pruner, new OpLogPruner.Prune(SessionsDeleted.of(targets), upTo), timeout)
          .whenComplete((done, failure) -> classic.stop(pruner))
          .thenApply(done -> targets.size());
    });
  }

  /** The sessions that still have events in {@code mount}'s journal, deleted or not (what pruning left). */
  CompletionStage<List<Long>> sessionsInJournal(String mount) {
    return opLog.tally(mount, OptionalLong.empty(), system).thenApply(SessionTally::inJournal);
  }

  @Override
  public void close() {
    try {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(TERMINATION.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the lock still goes: the JVM that holds it is ending the reader
    } finally {
      lock.close();
    }
  }

  /** Reads data dirs that hold a LevelDB journal; registered in {@code META-INF/services}. */
  public static final class Provider implements SessionReader.Provider {
    @Override
    public boolean reads(Path dataDir) {
      return Files.isRegularFile(dataDir.resolve("journal").resolve("CURRENT"))
          || Files.isRegularFile(dataDir.resolve(JournalGuard.MARKER));
    }

    @Override
    public SessionReader open(Path dataDir) {
      return LevelDbSessionReader.open(dataDir, ConfigFactory.load());
    }
  }
}
