package org.jpuffs.persistence;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SessionReaderTest {

  /** The LevelDB provider reads only dirs with a LevelDB journal, and no other provider is registered here. */
  @Test
  void withoutAProviderForTheDirOpenSaysSo() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SessionReader.open(Path.of("/nonexistent/jpuffs-data")));
    assertTrue(e.getMessage().startsWith("no session reader for /nonexistent/jpuffs-data"), e.getMessage());
  }
}
