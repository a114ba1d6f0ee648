package org.jpuffs.engine.recovery;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jpuffs.engine.RecordLevel;
import org.jpuffs.engine.mount.MountDirectory;
import org.jpuffs.engine.mount.MountLedger;
import org.jpuffs.engine.mount.MountState;
import org.jpuffs.engine.mount.MountStatus;
import org.jpuffs.persistence.journal.DataDirLock;
import org.jpuffs.persistence.journal.JournalConfig;
import org.jpuffs.persistence.journal.JournalException;
import org.jpuffs.persistence.journal.JournalGuard;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournalSettings;

/**
 * Reads what a data dir's journal says about its mounts without changing it (for {@code jpuffs status}). It takes the
 * data dir's lock like an engine, so a data dir in use is reported ("data dir X in use by pid N") instead of read
 * behind the engine's back.
 */
public final class JournalInspector {

  /**
   * One mount name as its journal left it.
   *
   * @param name the name
   * @param session its latest session
   * @param status the status the journal holds (RUNNING means the engine stopped under it; it comes back RECOVERING)
   * @param epoch the latest server's epoch
   * @param recordLevel the record level
   * @param mountedOn where it was mounted
   */
  public record MountSummary(String name, long session, MountStatus status, long epoch, RecordLevel recordLevel,
      String mountedOn) {}

  private JournalInspector() {}

  /**
   * The mounts of the data dir {@code settings} names, in name order.
   *
   * @param config the configuration for the actor system that reads the journal
   * @throws org.jpuffs.persistence.journal.DataDirInUseException if an engine holds the data dir
   * @throws JournalException if the journal cannot be read
   */
  public static List<MountSummary> mounts(JournalSettings settings, Config config, Duration timeout) {
    if (settings.kind() != JournalSettings.Kind.LEVELDB) {
      throw new IllegalArgumentException("only a LevelDB data dir can be inspected");
    }
    try (DataDirLock lock = DataDirLock.acquire(settings.dataDir())) {
      JournalGuard.check(settings.withDataDir(lock.dataDir()));
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "jpuffs-inspect", config);
      try {
        JournalPlugins plugins = JournalConfig.plugins(settings, config, "inspect");
        ActorRef<MountDirectory.Command> directory = system.systemActorOf(MountDirectory.create(plugins),
            "directory", Props.empty());
        MountDirectory.Names names = AskPattern.<MountDirectory.Command, MountDirectory.Names>ask(directory,
            MountDirectory.Get::new, timeout, system.scheduler()).toCompletableFuture().get(timeout.toMillis(),
            TimeUnit.MILLISECONDS);
        List<MountSummary> mounts = new ArrayList<>();
        for (String name : names.names()) {
          ActorRef<MountLedger.Command> ledger = system.systemActorOf(MountLedger.create(name, plugins),
              "ledger-" + mounts.size(), Props.empty());
          MountLedger.Answer answer = AskPattern.<MountLedger.Command, MountLedger.Answer>ask(ledger,
              MountLedger.Recall::new, timeout, system.scheduler()).toCompletableFuture()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          MountState state = answer.ledger().current();
          if (state != null) {
            mounts.add(new MountSummary(name, state.session(), state.status(), state.epoch(), state.recordLevel(),
                state.mountedOn()));
          }
        }
        return mounts;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new JournalException("the journal under " + settings.dataDir() + " cannot be read", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JournalException("interrupted reading the journal under " + settings.dataDir(), e);
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
            .exceptionally(failure -> null).join();
      }
    }
  }
}
