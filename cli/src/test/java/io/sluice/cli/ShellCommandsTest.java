package io.sluice.cli;

import static io.sluice.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.MainTest.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's commands and output formats, through -c, -f and -i as a user runs them. */
class ShellCommandsTest {
  private static final String TABLE = "CREATE TABLE t (id BIGINT, name VARCHAR); "
      + "INSERT INTO t VALUES (1, 'a,b'), (2, NULL), (3, 'NULL');\n";

  @TempDir
  Path folder;

  @Test
  void helpWorksInCommandText() {
    Outcome o = run("-c", "help functions");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().toLowerCase(java.util.Locale.ROOT).contains("upper"), o.out());
    Outcome one = run("-c", "help upper");
    assertEquals(0, one.status(), one.err());
    assertTrue(one.out().toLowerCase(java.util.Locale.ROOT).contains("upper("), one.out());
  }

  @Test
  void helpDescribesStatements() {
    Outcome create = run("-c", "help create");
    assertEquals(0, create.status(), create.err());
    assertTrue(create.out().contains("CREATE TABLE\n") && create.out().contains("CREATE SOURCE\n")
        && create.out().contains("CREATE SINK\n") && create.out().contains("CREATE VIEW\n"), create.out());
    Outcome source = run("-c", "help create   source;");
    assertTrue(source.out().startsWith("CREATE SOURCE\n") && !source.out().contains("CREATE SINK"), source.out());
    Outcome all = run("-c", "help statements");
    assertTrue(all.out().contains("REPLAY BATCH n") && all.out().contains("SELECT columns FROM"), all.out());
    Outcome unknown = run("-c", "help frobnicate");
    assertTrue(unknown.out().contains("No function named 'frobnicate'"), unknown.out());
  }

  @Test
  void commandsAndStatementsMixInOrderAndErrorsKeepTheirLines() throws Exception {
    Path script = folder.resolve("s.sql");
    Files.writeString(script, TABLE + ".mode csv\nSELECT * FROM t ORDER BY id;\n\\timing off\n"
        + "SELECT nme\nFROM t;\n", StandardCharsets.UTF_8);
    Outcome o = run("-f", script.toString());
    assertEquals(1, o.status());
    assertTrue(o.out().contains("id,name\r\n1,\"a,b\"\r\n2,\r\n3,NULL\r\n"), o.out());
    assertTrue(o.err().contains("At line 5, column 8"), "the error is where it is in the file: " + o.err());
  }

  @Test
  void formats() {
    String select = "SELECT * FROM t ORDER BY id;";
    Outcome json = run("-c", TABLE + ".mode json\n" + select);
    assertTrue(json.out().contains("{\"id\":1,\"name\":\"a,b\"}\n{\"id\":2,\"name\":null}\n{\"id\":3,\"name\":\"NULL\"}"),
        json.out());
    Outcome markdown = run("-c", TABLE + ".mode markdown\n" + select);
    assertTrue(markdown.out().contains("| id | name |\n| ---: | --- |\n| 1 | a,b |\n| 2 | *NULL* |\n| 3 | NULL |"),
        markdown.out());
    Outcome line = run("-c", TABLE + ".mode line\n" + select);
    assertTrue(line.out().contains("  id = 1\nname = a,b\n\n"), line.out());
    Outcome vertical = run("-c", TABLE + "\\x on\n" + select);
    assertTrue(vertical.out().contains("-[ RECORD 2 ]"), vertical.out());
    assertTrue(vertical.out().contains("name │ NULL"), vertical.out());
    Outcome nulls = run("-c", TABLE + ".nullvalue ∅\n" + select);
    assertTrue(nulls.out().contains("│  2 │ ∅    │") && nulls.out().contains("│  3 │ NULL │"), nulls.out());
  }

  @Test
  void describeCommands() {
    Outcome o = run("-c", TABLE + "CREATE SOURCE s (x BIGINT) WITH (connector = 'datagen');\n\\d\n\\dt\n\\d t");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().matches("(?s).*│ s +│ source +│.*"), o.out());
    assertTrue(o.out().matches("(?s).*│ t +│ table +│.*"), o.out());
    int dt = o.out().indexOf("│ name");
    assertTrue(o.out().indexOf("│ s ", o.out().indexOf("│ name", dt + 1)) < 0, "\\dt lists tables only:\n" + o.out());
    assertTrue(o.out().contains("id") && o.out().contains("BIGINT"), o.out());
  }

  @Test
  void unknownCommandsAndSettingsAreRefusedClearly() {
    Outcome o = run("-c", "\\frobnicate");
    assertEquals(1, o.status());
    assertTrue(o.err().contains("Unknown command '\\frobnicate'. Type 'help' for the commands."), o.err());
    Outcome mode = run("-c", ".mode fancy");
    assertTrue(mode.err().contains(".mode takes box|line|csv|json|markdown, not 'fancy'"), mode.err());
    Outcome set = run("-c", "SET 'shell.result-mode' = 'sideways';");
    assertTrue(set.err().contains("'shell.result-mode' takes changelog|table|append, not 'sideways'"), set.err());
  }

  @Test
  void initFileRunsFirst() throws Exception {
    Path init = folder.resolve("init.sql");
    Files.writeString(init, TABLE + ".mode csv\n", StandardCharsets.UTF_8);
    Outcome o = run("-i", init.toString(), "-c", "SELECT COUNT(*) AS n FROM t;");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("n\r\n3\r\n"), o.out());
  }

  @Test
  void aStreamingSelectPrintsItsRowsAsTheyComeOffATerminal() {
    Outcome o = run("-c", "CREATE SOURCE g (id BIGINT) WITH (connector = 'datagen', 'number-of-rows' = '3',"
        + " 'fields.id.kind' = 'sequence');\nSELECT id FROM g;");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().matches("(?s).*│ +0 │\n│ +1 │\n│ +2 │\n└─+┘\n3 changes.*"), o.out());
    assertFalse(o.out().contains("Ctrl-C"), "no status line off a terminal:\n" + o.out());
  }

  @Test
  void quitEndsAScript() {
    Outcome o = run("-c", "SELECT 1 AS a;\n\\q\nSELECT 2 AS b;");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("│ a │") && !o.out().contains("│ b │"), o.out());
  }
}
