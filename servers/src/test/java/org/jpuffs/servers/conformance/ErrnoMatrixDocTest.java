package org.jpuffs.servers.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/servers.md's errno matrix and {@link ServerConformanceTest} must agree: every rule in the tables has its test,
 * every errno test of the suite is a rule in the tables, and each row's errno is the one its test name says.
 */
class ErrnoMatrixDocTest {
  /** Tests of an errno rule end in "Fails" (or "Fail") and the errno, e.g. {@code rmdir_dotFailsEinval}. */
  private static final Pattern RULE = Pattern.compile("[a-zA-Z]+_[a-zA-Z0-9]*[Ff]ails?(E[a-z0-9]+)");
  private static final Pattern ROW = Pattern.compile("^\\| (E[A-Z0-9]+) \\|.*\\| `([a-zA-Z0-9_]+)` \\|$");

  private static Path doc() {
    // surefire runs in the module directory
    return Path.of("..", "docs", "servers.md");
  }

  @Test
  void everyRuleOfTheMatrixIsTestedAndEveryErrnoTestIsARule() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(doc())) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        String test = row.group(2);
        Matcher rule = RULE.matcher(test);
        assertTrue(rule.matches(), "the test of a matrix row is named after its errno: " + test);
        assertEquals(row.group(1).toLowerCase(Locale.ROOT), rule.group(1).toLowerCase(Locale.ROOT),
            "errno column and test name disagree: " + line);
        assertTrue(documented.add(test), "rule listed twice: " + test);
      }
    }
    Set<String> tested = new TreeSet<>();
    for (Method m : ServerConformanceTest.class.getDeclaredMethods()) {
      if (RULE.matcher(m.getName()).matches()) {
        tested.add(m.getName());
      }
    }
    assertTrue(documented.size() > 100, "the matrix was not found in " + doc().toAbsolutePath());
    assertEquals(tested, documented);
  }
}
