package org.jpuffs.engine.mount;

import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.jpuffs.persistence.JournalSerializable;
import org.jpuffs.persistence.journal.JournalPlugins;
import org.jpuffs.persistence.journal.JournaledBehavior;

/**
 * The names an engine has ever mounted, journaled under persistence id {@code mounts|engine}, so that a restarted
 * engine knows which {@code mount|NAME} ledgers to read. A name is written once, before its first session begins.
 */
public final class MountDirectory
    extends JournaledBehavior<MountDirectory.Command, MountDirectory.NameAdded,
        MountDirectory.Names> {

  /** The directory's persistence id. */
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.of("mounts", "engine");

  /** What the directory understands. */
  public sealed interface Command {}

  /**
   * Remember {@code name}; answered once it is durable.
   *
   * @param name the mount's name
   * @param replyTo the names after the write
   */
  public record Add(String name, ActorRef<Names> replyTo) implements Command {}

  /**
   * The names.
   *
   * @param replyTo the names
   */
  public record Get(ActorRef<Names> replyTo) implements Command {}

  /**
   * A name was mounted for the first time (version 1 of the event).
   *
   * @param name the name
   */
  public record NameAdded(String name) implements JournalSerializable {}

  /**
   * The names, sorted.
   *
   * @param names the names
   */
  public record Names(List<String> names) implements JournalSerializable {
    public Names {
      names = List.copyOf(names);
    }

    Names with(String name) {
      TreeSet<String> more = new TreeSet<>(names);
      more.add(name);
      return new Names(List.copyOf(more));
    }
  }

  private MountDirectory(JournalPlugins plugins) {
    super(PERSISTENCE_ID, plugins);
  }

  /** The directory, journaled with {@code plugins}. */
  public static Behavior<Command> create(JournalPlugins plugins) {
    return new MountDirectory(plugins);
  }

  @Override
  public Names emptyState() {
    return new Names(List.of());
  }

  @Override
  public CommandHandlerWithReply<Command, NameAdded, Names> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Add.class, (names, add) -> names.names().contains(add.name())
            ? Effect().reply(add.replyTo(), names)
            : Effect().persist(new NameAdded(add.name())).thenReply(add.replyTo(), after -> after))
        .onCommand(Get.class, (names, get) -> Effect().reply(get.replyTo(), names))
        .build();
  }

  @Override
  public EventHandler<Names, NameAdded> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(NameAdded.class, (names, added) -> names.with(added.name()))
        .build();
  }
}
