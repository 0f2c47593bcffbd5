package io.sluice.cli;

import static io.sluice.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.MainTest.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline file is checked whole before any of it runs ({@code run}, {@code sluice FILE.sql}),
 * and {@code validate}, {@code explain} and {@code checkpoint check} run nothing: no table
 * written, no query started, no checkpoint created.
 */
class PipelineCheckTest {
  @TempDir
  Path folder;
  private Path input;

  @BeforeEach
  void writeInput() throws IOException {
    input = folder.resolve("in");
    Files.createDirectories(input);
    Files.writeString(input.resolve("1.csv"), "1,a\n2,b\n3,c\n");
  }

  /**
   * Statements that write a file table, start a continuous query into a files sink with a
   * checkpoint, and insert into a memory table, then {@code last} on line 9.
   */
  private Path pipeline(String last) throws IOException {
    Path file = folder.resolve("pipeline.sql");
    Files.writeString(file, String.join("\n",
        "CREATE TABLE archive (id BIGINT, k VARCHAR) WITH (connector = 'files', path = '"
            + folder.resolve("archive") + "', format = 'csv');",
        "INSERT INTO archive VALUES (1, 'x');",
        "CREATE SOURCE events (id BIGINT, k VARCHAR)",
        "  WITH (connector = 'files', path = '" + input + "', format = 'csv');",
        "CREATE SINK copied WITH (connector = 'files', path = '" + folder.resolve("copied") + "', format = 'csv');",
        "SET 'pipeline.trigger' = 'available-now';",
        "INSERT INTO copied SELECT id, upper(k) AS k FROM events;",
        "CREATE TABLE seen AS SELECT * FROM archive;",
        last,
        ""));
    return file;
  }

  private void assertNothingRan() {
    assertFalse(Files.exists(folder.resolve("archive")), "the table was written");
    assertFalse(Files.exists(folder.resolve("copied")), "the query wrote its sink");
    assertFalse(Files.exists(folder.resolve(".sluice-checkpoints")), "a checkpoint was created");
  }

  @Test
  void aMistakeOnTheLastLineStopsTheRunBeforeAnythingRuns() throws IOException {
    Path file = pipeline("INSERT INTO copied SELECT id, nme FROM events;");
    Outcome o = run("run", file.toString());
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: " + file + ": At line 9, column 31: Column 'nme' not found"), o.err());
    assertEquals("", o.out(), "no statement ran");
    assertNothingRan();
    // the same file, run as `sluice FILE.sql`
    Outcome direct = run(file.toString());
    assertEquals(o.err(), direct.err());
    assertNothingRan();
  }

  @Test
  void anErrorWithoutAPositionInItsTextNamesTheStatementsLine() throws IOException {
    Path file = pipeline("CREATE SINK more WITH (connector = 'filez');");
    Outcome o = run("run", file.toString());
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: " + file + ": At line 9, column 1: "), o.err());
    assertTrue(o.err().contains("filez"), o.err());
    assertNothingRan();
  }

  @Test
  void laterStatementsAreCheckedAgainstWhatEarlierOnesBuild() throws IOException {
    // the query refers to a sink the file drops first: only a catalog built statement by statement sees that
    Path file = pipeline("DROP SINK copied;\nINSERT INTO copied SELECT id, k FROM events;");
    Outcome o = run("validate", file.toString());
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: " + file + ": At line 10, column 1: "), o.err());
    assertTrue(o.err().contains("'copied' not found"), o.err());
    assertNothingRan();
  }

  @Test
  void aStreamingQueryItsSinkCannotTakeIsRefusedBeforeTheRun() throws IOException {
    Path file = pipeline("SET 'pipeline.output-mode' = 'update';\n"
        + "INSERT INTO copied SELECT k, COUNT(*) AS n FROM events GROUP BY k;");
    Outcome o = run("run", file.toString());
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: " + file + ": At line 10, column 1: Sink 'copied'"), o.err());
    assertTrue(o.err().contains("changelog"), o.err());
    assertNothingRan();
  }

  @Test
  void validateSaysWhatEachStatementWouldDoAndRunsNothing() throws IOException {
    Path file = pipeline("SELECT COUNT(*) FROM seen;");
    Outcome o = run("validate", file.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("line 2: Insert into archive checked: nothing written\n"), o.out());
    assertTrue(o.out().contains("line 7: Continuous query into copied checked: append mode, trigger available-now;"
        + " not started\n"), o.out());
    assertTrue(o.out().endsWith(file + ": 8 statements checked (3 queries planned); nothing was run or written.\n"),
        o.out());
    assertNothingRan();
    // and then it runs
    Outcome ran = run("run", file.toString());
    assertEquals(0, ran.status(), ran.err());
    assertTrue(Files.exists(folder.resolve("archive")));
    assertTrue(Files.exists(folder.resolve("copied")));
  }

  @Test
  void explainPrintsEachQueryPlanAndRunsNothing() throws IOException {
    Path file = pipeline("SELECT COUNT(*) FROM seen;");
    Outcome o = run("explain", file.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("-- line 7: INSERT INTO copied SELECT id, upper(k) AS k FROM events\n"), o.out());
    assertTrue(o.out().contains("== Physical plan =="), o.out());
    assertTrue(o.out().contains("output mode: append"), o.out());
    assertTrue(o.out().contains("-- line 9: SELECT COUNT(*) FROM seen\n"), o.out());
    assertNothingRan();
  }

  @Test
  void checkpointCheckRunsNothing() throws IOException {
    Path file = pipeline("SELECT 1;");
    Outcome o = run("checkpoint", "check", file.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("copied: starts a new checkpoint "), o.out());
    assertNothingRan();
  }

  @Test
  void variablesComeFromVarsTheEnvironmentAndDefaults() throws IOException {
    Path file = folder.resolve("vars.sql");
    String home = System.getenv("HOME");
    Files.writeString(file, "-- ${NOT_IN_COMMENTS}\nSELECT '${GREETING:-hello}' AS g, '${WHO}' AS w, '$${WHO}' AS lit"
        + (home == null ? "" : ", '${HOME}' AS h") + ";\n");
    Outcome o = run("run", "--var", "WHO=world", file.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("│ hello │ world │ ${WHO} │"), o.out());
    if (home != null) {
      assertTrue(o.out().contains(home), o.out());
    }
    Outcome given = run("run", "--var", "WHO=x", "--var=GREETING=hi", file.toString());
    assertTrue(given.out().contains("│ hi │ x │"), given.out());
    Outcome undefined = run("validate", file.toString());
    assertEquals(1, undefined.status());
    assertTrue(undefined.err().startsWith("Error: " + file + ": At line 2, column 36: variable 'WHO' is not"
        + " defined"), undefined.err());
    Outcome bad = run("run", "--var", "1x=2", file.toString());
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("'1x' is not a variable name"), bad.err());
  }

  @Test
  void variablesInTextAreCheckedWhereTheyStand() throws Exception {
    Variables none = new Variables(java.util.List.of(), java.util.Map.of("E", "env"));
    assertEquals("a env 'env' \"env\" -- ${x}\n/* ${y} */ ${E}", none.apply(
        "a ${E} '${E}' \"${E}\" -- ${x}\n/* ${y} */ $${E}"));
    assertEquals("'it''s -- env'", none.apply("'it''s -- ${E}'"));
    Variables.VariableError open = org.junit.jupiter.api.Assertions.assertThrows(Variables.VariableError.class,
        () -> none.apply("SELECT 1;\n  '${E'\n"));
    assertEquals(2, open.line);
    assertEquals(4, open.column);
    Variables.VariableError name = org.junit.jupiter.api.Assertions.assertThrows(Variables.VariableError.class,
        () -> none.apply("${a b}"));
    assertTrue(name.getMessage().contains("does not name a variable"), name.getMessage());
  }

  @Test
  void shellCommandsInAFileAreLeftToTheRun() throws IOException {
    Path file = folder.resolve("commands.sql");
    Files.writeString(file, "CREATE TABLE t (id BIGINT);\n.mode csv\nINSERT INTO t VALUES (7);\n\\timing off\n"
        + "SELECT id FROM t;\nSELECT nope FROM t;\n");
    Outcome checked = run("validate", file.toString());
    assertEquals(1, checked.status());
    assertTrue(checked.err().startsWith("Error: " + file + ": At line 6, column 8: "), checked.err());
    Outcome ran = run("run", file.toString());
    assertEquals(1, ran.status());
    assertFalse(ran.out().contains("id\r\n7"), "checked before anything runs: " + ran.out());
    Outcome asItComes = run("-f", file.toString());
    assertTrue(asItComes.out().contains("id\r\n7\r\n"), "-f runs statements as they come: " + asItComes.out());
    assertEquals(ran.err(), asItComes.err());
  }

  @Test
  void nothingIsLeftInTheFolderButTheInput() throws IOException {
    Path file = pipeline("SELECT nope;");
    run("validate", file.toString());
    run("explain", file.toString());
    run("checkpoint", "check", file.toString());
    try (Stream<Path> all = Files.list(folder)) {
      assertEquals(java.util.List.of("in", "pipeline.sql"), all.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
