package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/**
 * The driver through sqlline, a real JDBC client, run non-interactively on a script: DDL,
 * inserts, queries, an error, and sqlline's metadata commands {@code !tables} and {@code !columns}.
 */
class SqlLineTest {
  @TempDir
  Path dir;

  /** Runs {@code script} in sqlline connected to {@code url}; returns its status and everything it printed. */
  private String run(String url, String script) throws Exception {
    Path file = dir.resolve("script.sql");
    Files.writeString(file, script);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SqlLine sqlline = new SqlLine();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    sqlline.setOutputStream(print);
    sqlline.setErrorStream(print);
    SqlLine.Status status = sqlline.begin(new String[] {"-u", url, "-n", "ada", "-p", "", "-d",
        SluiceDriver.class.getName(), "--maxWidth=160", "--force=true", "--verbose=false", "--showNestedErrs=false", "--isolation=TRANSACTION_NONE", "--run=" + file},
        new ByteArrayInputStream(new byte[0]), false);
    String printed = out.toString(StandardCharsets.UTF_8);
    return status + "\n" + printed;
  }

  @Test
  void ddlQueriesAndMetadataCommands() throws Exception {
    String output = run("jdbc:sluice:mem:sqllineTest", String.join("\n",
        "CREATE TABLE city (id BIGINT NOT NULL, name VARCHAR, population DOUBLE);",
        "INSERT INTO city VALUES (1, 'Lagos', 15.4), (2, 'Lima', 10.7), (3, 'Oslo', NULL);",
        "CREATE VIEW big AS SELECT name FROM city WHERE population > 12;",
        "SELECT name, population * 2 AS twice FROM city WHERE id < 3 ORDER BY id;",
        "SELECT COUNT(*) AS n FROM big;",
        "SELECT nme FROM city;",
        "!tables",
        "!columns city",
        ""));
    assertTrue(output.contains("| Lagos | 30.8  |"), output);
    assertTrue(output.contains("| Lima  | 21.4  |"), output);
    assertTrue(output.contains("2 rows selected"), output);
    assertTrue(output.contains("3 rows affected"), output);
    assertTrue(output.contains("Error: At line 1, column 8: Column 'nme' not found. Did you mean 'name'?"), output);
    assertTrue(output.contains("(state=42S22,"), output);
    assertTrue(Pattern.compile("\\|\\s+\\|\\s+\\|\\s+city\\s+\\|\\s+TABLE\\s+\\|").matcher(output).find(), output);
    assertTrue(Pattern.compile("\\|\\s+big\\s+\\|\\s+VIEW\\s+\\|\\s+SELECT name FROM city").matcher(output).find(),
        output);
    assertTrue(Pattern.compile("city\\s+\\|\\s+id\\s+\\|\\s+-5\\s+\\|\\s+BIGINT\\s+\\|").matcher(output).find(), output);
    assertTrue(Pattern.compile("city\\s+\\|\\s+population\\s+\\|\\s+8\\s+\\|\\s+DOUBLE\\s+\\|").matcher(output).find(),
        output);
  }

  /**
   * sqlline's {@code !set timeout} (seconds) becomes {@code Statement.setQueryTimeout}: a query
   * over an unbounded stream, which sqlline reads to the end before printing, is cancelled with
   * SQLSTATE 57014, and the session goes on with the next statement.
   */
  @Test
  void aTimedOutQueryIsCancelledAndTheSessionGoesOn() throws Exception {
    String output = run("jdbc:sluice:mem:sqllineCancel", String.join("\n",
        "CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '100',"
            + " 'fields.id.kind' = 'sequence');",
        "SET 'pipeline.trigger' = '100 ms';",
        "!set timeout 1",
        "SELECT id FROM ticks;",
        "!set timeout -1",
        "SELECT 'still here' AS answer;",
        ""));
    assertTrue(output.contains("(state=57014,"), output);
    assertTrue(output.contains("| still here |"), output);
  }

  @Test
  void aDatabaseFolderKeepsWhatOneSessionMadeForTheNext() throws Exception {
    String url = "jdbc:sluice:file:" + dir.resolve("db");
    String first = run(url, "CREATE TABLE note (id BIGINT, body VARCHAR);\n"
        + "INSERT INTO note VALUES (1, 'kept'), (2, 'across restarts');\n");
    assertTrue(first.contains("2 rows affected"), first);
    io.sluice.engine.Database.open(dir.resolve("db")).close(); // as the process ending would
    String second = run(url, "SELECT body FROM note ORDER BY id;\n");
    assertTrue(second.contains("| kept            |"), second);
    assertTrue(second.contains("| across restarts |"), second);
    io.sluice.engine.Database.open(dir.resolve("db")).close();
  }
}
