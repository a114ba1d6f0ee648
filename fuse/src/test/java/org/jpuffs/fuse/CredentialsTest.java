package org.jpuffs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpuffs.api.protocol.Cred;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @Test
  void supplementaryGroupsComeFromProcStatus(@TempDir Path proc) throws IOException {
    Files.createDirectories(proc.resolve("42"));
    Files.writeString(proc.resolve("42/status"), "Name:\tsh\nUid:\t1000\t1000\t1000\t1000\nGroups:\t24 27 1000 \n");
    assertEquals(Cred.user(1000, 1000, 24, 27, 1000), new Credentials(proc).of(1000, 1000, 42));
  }

  @Test
  void aProcessThatIsGoneHasNoGroups(@TempDir Path proc) {
    assertEquals(Cred.user(5, 6), new Credentials(proc).of(5, 6, 43));
  }

  @Test
  void kernelRequestsWithoutAProcessHaveNoGroups(@TempDir Path proc) {
    assertEquals(Cred.user(0, 0), new Credentials(proc).of(0, 0, 0));
  }

  @Test
  void emptyGroupsLineIsNoGroups() {
    assertEquals(List.of(), Credentials.parseGroups("\t"));
  }
}
