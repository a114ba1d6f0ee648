package org.jpuffs.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.jpuffs.persistence.JournalSerializable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plugins really journal, configured at run time only: events written by one actor system are replayed by the
 * next.
 */
class LevelDbJournalTest {

  @TempDir
  Path tmp;

  record Noted(int version, String text) implements JournalSerializable {}

  record Note(String text, ActorRef<List<String>> replyTo) {}

  /** Journals through {@link JournaledBehavior}, the base every jpuffs entity uses for its plugins. */
  static final class Notes extends JournaledBehavior<Note, Noted, List<String>> {

    Notes(JournalPlugins plugins) {
      super(PersistenceId.ofUniqueId("notes"), plugins);
    }

    @Override
    public List<String> emptyState() {
      return List.of();
    }

    @Override
    public CommandHandlerWithReply<Note, Noted, List<String>> commandHandler() {
      return newCommandHandlerWithReplyBuilder().forAnyState()
          .onCommand(Note.class, (state, note) -> note.text().isEmpty()
              ? Effect().reply(note.replyTo(), state)
              : Effect().persist(new Noted(1, note.text())).thenReply(note.replyTo(), after -> after))
          .build();
    }

    @Override
    public EventHandler<List<String>, Noted> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Noted.class, (state, noted) -> {
        List<String> next = new ArrayList<>(state);
        next.add(noted.text());
        return next;
      }).build();
    }
  }

  @ParameterizedTest
  @EnumSource(value = JournalSettings.NativeChoice.class, names = {"AUTO", "OFF"})
  void eventsSurviveTheActorSystem(JournalSettings.NativeChoice choice) {
    JournalSettings settings = JournalSettings.levelDb(tmp.resolve("data")).withNative(choice);
    Config config = ConfigFactory.load();
    JournalPlugins plugins = JournalConfig.plugins(settings, config, "t");
    ActorTestKit first = ActorTestKit.create("first", config);
    try {
      ActorRef<Note> notes = first.spawn(new Notes(plugins));
      TestProbe<List<String>> probe = first.createTestProbe();
      notes.tell(new Note("a", probe.ref()));
      notes.tell(new Note("b", probe.ref()));
      // A fresh LevelDB journal (and a cold JIT) can take seconds on a loaded machine.
      probe.expectMessage(Duration.ofSeconds(30), List.of("a"));
      probe.expectMessage(Duration.ofSeconds(30), List.of("a", "b"));
    } finally {
      first.shutdownTestKit();
    }
    ActorTestKit second = ActorTestKit.create("second", config);
    try {
      ActorRef<Note> notes = second.spawn(new Notes(plugins));
      TestProbe<List<String>> probe = second.createTestProbe();
      notes.tell(new Note("", probe.ref()));
      assertEquals(List.of("a", "b"), probe.receiveMessage(Duration.ofSeconds(30)));
    } finally {
      second.shutdownTestKit();
    }
  }
}
