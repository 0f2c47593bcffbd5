package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir
  Path folder;

  /** Exit status and what went to stdout and stderr. */
  record Outcome(int status, String out, String err) {}

  static Outcome withStdin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        false);
    return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Outcome run(String... args) {
    return withStdin("", args);
  }

  @Test
  void helpAndVersion() {
    Outcome help = run("--help");
    assertEquals(0, help.status());
    assertTrue(help.out().contains("sluice -c \"SQL; SQL\""), help.out());
    assertTrue(help.out().contains("sluice example"), help.out());
    Outcome version = run("--version");
    assertEquals(0, version.status());
    assertTrue(version.out().startsWith("sluice "), version.out());
  }

  @Test
  void badArgumentsAreUsageErrors() {
    Outcome unknown = run("--frobnicate");
    assertEquals(2, unknown.status());
    assertTrue(unknown.err().startsWith("Error: unknown option '--frobnicate'"), unknown.err());
    Outcome missing = run("-c");
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("'-c' needs SQL text"), missing.err());
    assertEquals(2, run("-c", "SELECT 1", "extra").status());
  }

  @Test
  void missingFileIsOneLineOnStderr() {
    Outcome o = run("-f", folder.resolve("nope.sql").toString());
    assertEquals(1, o.status());
    assertEquals("Error: " + folder.resolve("nope.sql") + ": no such file\n", o.err());
  }

  @Test
  void unterminatedStringIsReportedWithItsPosition() {
    Outcome o = run("-c", "SELECT 1;\nSELECT 'oops");
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: "), o.err());
    assertTrue(o.err().contains("line 2, column 8"), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace without --debug");
  }

  @Test
  void failingStatementExitsOneWithoutAStackTrace() {
    Outcome o = run("-c", "SELECT * FROM no_such_table");
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: "), o.err());
    assertFalse(o.err().contains("\tat "), o.err());
    assertFalse(o.err().contains("Exception"), o.err());
  }

  @Test
  void droppedMalformedRowsArePrintedAsAWarning() throws IOException {
    Path file = folder.resolve("raw.csv");
    Files.writeString(file, "1\nx\n3\n");
    Outcome o = run("-c", "CREATE TABLE raw (id BIGINT) WITH (connector = 'files', path = '" + file
        + "', format = 'csv', mode = 'dropmalformed'); SELECT SUM(id) AS total FROM raw");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("4"), o.out());
    assertTrue(o.err().startsWith("Warning: dropped 1 malformed row of " + file + " (table raw; first at line 2,"
        + " column 1: 'x' is not a valid BIGINT)"), o.err());
  }

  @Test
  void debugShowsTheStackTrace() {
    Outcome o = run("--debug", "-c", "SELECT * FROM no_such_table");
    assertEquals(1, o.status());
    assertTrue(o.err().contains("\tat "), o.err());
  }

  @Test
  void fileErrorsNameTheFile() throws IOException {
    Path file = folder.resolve("bad.sql");
    Files.writeString(file, "SELECT * FROM no_such_table;\n");
    Outcome o = run("-f", file.toString());
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: " + file + ": "), o.err());
    Outcome viaRun = run("run", file.toString());
    assertEquals(o.err(), viaRun.err());
  }

  @Test
  void standardInputIsAScript() {
    Outcome o = withStdin("SELECT * FROM no_such_table;\n");
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: "), o.err());
    assertEquals(0, withStdin("  -- nothing but a comment\n").status());
  }

  // ---- these need the engine to run statements; skipped until it does

  @Test
  void runsStatementsAndDrawsTables() {
    Outcome o = run("-c", "CREATE TABLE t (id BIGINT, name VARCHAR); INSERT INTO t VALUES (1, 'a'), (22, NULL);"
        + " SELECT id, name FROM t ORDER BY id");
    assertEquals(0, o.status(), o.err());
    assertEquals("", o.err());
    assertTrue(o.out().contains("│  1 │ a    │"), o.out());
    assertTrue(o.out().contains("│ 22 │ NULL │"), o.out());
    assertTrue(o.out().contains("2 rows ("), o.out());
  }

  @Test
  void stopsAtTheFirstErrorWithTheScriptPosition() throws IOException {
    Path file = folder.resolve("pipeline.sql");
    Files.writeString(file, "CREATE TABLE t (x INTEGER);\n\nSELECT nope\nFROM t;\nSELECT 1;\n");
    Outcome o = run("-f", file.toString());
    assertEquals(1, o.status());
    assertTrue(o.err().startsWith("Error: " + file + ": "), o.err());
    assertTrue(o.err().contains("line 3"), "positions are the file's, not the statement's: " + o.err());
    assertFalse(o.out().contains("EXPR$0"), "statements after the error do not run");
  }

  @Test
  void exampleRuns() {
    Outcome o = run("example");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("sluice> SELECT c.country"), o.out());
    assertTrue(o.out().contains("┌"), o.out());
    // the streaming part: five 2-second windows of 3,680 bids each, and a changelog
    assertTrue(o.out().contains("│ 2024-01-01 00:00:08 │ 3680 │"), o.out());
    assertTrue(o.out().contains("│ +U │ Apple   │"), o.out());
  }
}
