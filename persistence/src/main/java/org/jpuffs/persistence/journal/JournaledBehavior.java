package org.jpuffs.persistence.journal;

import com.typesafe.config.Config;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * An event-sourced behavior that journals with an engine's {@link JournalPlugins} and snapshots every N events where
 * the plugins keep snapshots. Every jpuffs entity extends it, so they all land in the same data dir.
 *
 * @param <C> the commands
 * @param <E> the events
 * @param <S> the state
 */
public abstract class JournaledBehavior<C, E, S> extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {

  private final JournalPlugins plugins;

  protected JournaledBehavior(PersistenceId persistenceId, JournalPlugins plugins) {
    super(persistenceId);
    this.plugins = Objects.requireNonNull(plugins, "plugins");
  }

  protected JournaledBehavior(PersistenceId persistenceId, JournalPlugins plugins,
      BackoffSupervisorStrategy onPersistFailure) {
    super(persistenceId, onPersistFailure);
    this.plugins = Objects.requireNonNull(plugins, "plugins");
  }

  /** The plugins this entity journals with. */
  protected JournalPlugins plugins() {
    return plugins;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return plugins.snapshots() ? RetentionCriteria.snapshotEvery(plugins.snapshotEvery(), 2)
        : RetentionCriteria.disabled();
  }

  @Override
  public String journalPluginId() {
    return plugins.journalId();
  }

  @Override
  public Optional<Config> journalPluginConfig() {
    return plugins.journalConfig();
  }

  @Override
  public String snapshotPluginId() {
    return plugins.snapshotId();
  }

  @Override
  public Optional<Config> snapshotPluginConfig() {
    return plugins.snapshotConfig();
  }
}
