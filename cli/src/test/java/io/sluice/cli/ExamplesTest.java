package io.sluice.cli;

import static io.sluice.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.MainTest.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pipeline of the repository's {@code examples/} folder (the README points at them) is
 * valid and runs to its end, made small with {@code --var}: its sources are bounded.
 */
class ExamplesTest {
  /** The examples folder, from the cli module's folder where tests run. */
  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir
  Path folder;

  private static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
  }

  @Test
  void everyExampleIsValidAndRuns() throws IOException {
    List<Path> examples = examples();
    assertTrue(examples.size() >= 3, "examples: " + examples);
    for (Path example : examples) {
      String[] variables = {"--var", "ROWS=3000", "--var", "EVENTS=20000", "--var", "RATE=unlimited",
          "--var", "OUT=" + folder.resolve(example.getFileName().toString())};
      Outcome checked = run(concat(new String[] {"validate"}, variables, example.toString()));
      assertEquals(0, checked.status(), example + ": " + checked.err());
      Outcome ran = run(concat(new String[] {"run"}, variables, example.toString()));
      assertEquals(0, ran.status(), example + ": " + ran.err());
      assertTrue(ran.out().contains("Query q1 started"), example + ": " + ran.out());
      assertFalse(ran.out().contains("Error"), example + ": " + ran.out());
    }
    try (Stream<Path> left = Files.list(EXAMPLES)) {
      assertEquals(List.of(), left.filter(p -> !p.toString().endsWith(".sql")).toList(),
          "running the examples leaves nothing in their folder");
    }
  }

  private static String[] concat(String[] first, String[] middle, String last) {
    String[] all = new String[first.length + middle.length + 1];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(middle, 0, all, first.length, middle.length);
    all[all.length - 1] = last;
    return all;
  }
}
