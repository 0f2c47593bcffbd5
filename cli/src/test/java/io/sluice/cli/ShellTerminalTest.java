package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell on a real terminal: tmux runs {@code Main} in a 100 x 30 window, the test types
 * with send-keys and reads the screen with capture-pane. One shell serves every test, in order
 * (tables made by one test are used by the next), so the JVM starts once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellTerminalTest {
  private static final int WIDTH = 100;
  private static final long WAIT_MILLIS = 30_000;
  private static final String SOCKET = "sluice-test-" + ProcessHandle.current().pid();

  @TempDir
  static Path home;

  @BeforeAll
  static void startShell() throws Exception {
    Assumptions.assumeTrue(tmuxRuns(), "tmux cannot run here (it is not installed): the terminal tests need it;"
        + " .ci/run installs it");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // HOME is a fresh folder: no ~/.sluicerc, and the history stays out of the user's
    Files.writeString(home.resolve(".sluicerc"), "CREATE TABLE from_rc (x BIGINT);\n", StandardCharsets.UTF_8);
    // PAGER unset: results taller than the window go through the default pager, less -SFRX
    String command = "cd " + quote(home.toString()) + " && unset PAGER && HOME=" + quote(home.toString()) + " exec "
        + quote(java)
        + " -Duser.home=" + quote(home.toString()) + " -cp " + quote(System.getProperty("java.class.path"))
        + " io.sluice.cli.Main";
    tmux("new-session", "-d", "-s", "shell", "-x", String.valueOf(WIDTH), "-y", "30", command);
    awaitPrompt();
  }

  @AfterAll
  static void stopShell() throws Exception {
    if (tmuxRuns()) {
      tmux("kill-server");
    }
  }

  @Test
  @Order(1)
  void aStreamingSelectInTableModeIsRedrawnInPlaceAndCtrlCKeepsTables() throws Exception {
    run("CREATE TABLE keep (id BIGINT, name VARCHAR);");
    run("INSERT INTO keep VALUES (1, 'NULL'), (2, NULL);");
    run("CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '10',"
        + " 'fields.id.kind' = 'sequence');");
    clear();
    type("SELECT * FROM ticks;");
    String screen = await(s -> s.contains("│ 12 │") && s.contains("Ctrl-C stops"), "rows of the stream");
    assertTrue(screen.contains("query q"), screen);
    assertEquals(1, count(screen, "│ id "), "the table is redrawn in place, not printed again:\n" + screen);
    key("C-c");
    screen = awaitPrompt();
    assertTrue(screen.contains("changes, stopped"), screen);
    run("SELECT * FROM keep;");
    screen = screen();
    assertTrue(screen.contains("│  1 │ NULL │") && screen.contains("│  2 │ NULL │"), screen);
    String styled = tmux("capture-pane", "-p", "-e", "-t", "shell");
    assertTrue(styled.contains("\u001b[2mNULL"), "SQL NULL is dimmed, the text 'NULL' is not:\n" + styled);
    assertEquals(1, count(styled, "\u001b[2mNULL"), styled);
    run("SELECT * FROM from_rc;");
    assertTrue(screen().contains("0 rows"), "~/.sluicerc ran at start");
  }

  @Test
  @Order(2)
  void changelogModeShowsEachChangeWithItsKind() throws Exception {
    clear();
    run(".result changelog");
    type("SELECT id % 2 AS k, COUNT(*) AS n FROM ticks GROUP BY id % 2;");
    String screen = await(s -> s.contains("│ +U │") && s.contains("│ -U │"), "updates of the counts");
    assertTrue(screen.contains("│ op │ k"), screen);
    key("C-c");
    awaitPrompt();
  }

  @Test
  @Order(3)
  void appendModeShowsRowsAsTheyCome() throws Exception {
    clear();
    run("SET 'shell.result-mode' = 'append';");
    type("SELECT id, id * 10 AS tens FROM ticks WHERE id % 2 = 0;");
    // the source has run since the first test: its rows come quickly, each even id with ten times it
    String screen = await(s -> count(s, "0 │\n") >= 5, "even rows");
    assertFalse(screen.contains("│ +I"), "append mode shows no kinds:\n" + screen);
    for (String line : screen.split("\n")) {
      java.util.regex.Matcher row = java.util.regex.Pattern.compile("│ +(\\d+) │ +(\\d+) │").matcher(line);
      if (row.matches()) {
        long id = Long.parseLong(row.group(1));
        assertEquals(0, id % 2, "the filter holds: " + line);
        assertEquals(id * 10, Long.parseLong(row.group(2)), line);
      }
    }
    key("C-c");
    awaitPrompt();
  }

  @Test
  @Order(4)
  void tablesFitTheTerminalWidth() throws Exception {
    clear();
    run("SELECT 1 AS id, '" + "x".repeat(70) + "' AS wide, '" + "y".repeat(70) + "' AS wider, 'short' AS s;");
    String screen = screen();
    List<String> table = new ArrayList<>();
    for (String line : screen.split("\n")) {
      if (line.startsWith("│") || line.startsWith("┌") || line.startsWith("├") || line.startsWith("└")) {
        table.add(line);
      }
    }
    assertEquals(5, table.size(), screen);
    for (String line : table) {
      assertTrue(line.length() <= WIDTH, "wider than the terminal: " + line);
      assertTrue(line.endsWith("│") || line.endsWith("┐") || line.endsWith("┤") || line.endsWith("┘"), "a table line wrapped:\n" + screen);
    }
    assertTrue(screen.contains("x…") && screen.contains("y…"), "long values are cut with an ellipsis:\n" + screen);
    assertTrue(screen.contains("│ short │"), screen);
  }

  @Test
  @Order(5)
  void expandedDisplayShowsOneColumnPerLine() throws Exception {
    clear();
    run("\\x on");
    run("SELECT * FROM keep WHERE id = 1;");
    String screen = screen();
    assertTrue(screen.contains("-[ RECORD 1 ]"), screen);
    assertTrue(screen.contains("name │ NULL"), screen);
    run("\\x off");
  }

  @Test
  @Order(6)
  void tabCompletesATableName() throws Exception {
    clear();
    tmux("send-keys", "-t", "shell", "-l", "SELECT * FROM kee");
    key("Tab");
    await(s -> s.contains("SELECT * FROM keep"), "the completed name");
    key("C-u");
  }

  @Test
  @Order(7)
  void ctrlCAtThePromptClearsTheLine() throws Exception {
    clear();
    tmux("send-keys", "-t", "shell", "-l", "SELECT this is not finished");
    await(s -> s.contains("not finished"), "the typed line");
    key("C-c");
    await(s -> count(s, Shell.PROMPT.strip()) == 2 && lastLine(s).equals(Shell.PROMPT.strip()), "a new prompt");
    run("SELECT 42 AS answer;");
    String screen = screen();
    assertTrue(screen.contains("│     42 │"), screen);
    assertFalse(screen.contains("not finished") && screen.contains("Error"), screen);
  }

  @Test
  @Order(8)
  void ctrlCCancelsALongBatchQuery() throws Exception {
    run("CREATE TABLE ten (d BIGINT);");
    run("INSERT INTO ten VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);");
    clear();
    // 10^10 joined rows: minutes of work unless cancelled
    type("SELECT COUNT(*) FROM ten a, ten b, ten c, ten d, ten e, ten f, ten g, ten h, ten i, ten j;");
    Thread.sleep(500);
    key("C-c");
    String screen = awaitPrompt();
    assertTrue(screen.contains("Error: Cancelled (Ctrl-C)"), screen);
    run("SELECT COUNT(*) AS n FROM keep;");
    assertTrue(screen().contains("│ 2 │"), "the shell and its tables are still there:\n" + screen());
  }

  @Test
  @Order(9)
  void tabCompletesAQualifiedColumn() throws Exception {
    clear();
    tmux("send-keys", "-t", "shell", "-l", "SELECT keep.na");
    key("Tab");
    await(s -> s.contains("SELECT keep.name"), "the completed column");
    key("C-u");
  }

  @Test
  @Order(10)
  void tabOffersOnlyTheColumnsOfTheTablesTheStatementNames() throws Exception {
    run("CREATE TABLE other (namu BIGINT);"); // 'nam' is ambiguous over every table's columns
    clear();
    tmux("send-keys", "-t", "shell", "-l", "SELECT * FROM keep WHERE nam");
    key("Tab");
    await(s -> s.contains("SELECT * FROM keep WHERE name"), "the column of keep");
    key("C-u");
  }

  @Test
  @Order(11)
  void tabAfterSetOffersOptionKeys() throws Exception {
    clear();
    tmux("send-keys", "-t", "shell", "-l", "SET 'pipeline.trig");
    key("Tab");
    await(s -> s.contains("SET 'pipeline.trigger"), "the completed option key");
    key("C-u");
  }

  @Test
  @Order(12)
  void aResultTallerThanTheTerminalGoesThroughThePagerAndPagerOffPrintsIt() throws Exception {
    StringBuilder values = new StringBuilder();
    for (int i = 1; i <= 60; i++) {
      values.append(i == 1 ? "" : ", ").append('(').append(i).append(')');
    }
    String select = "SELECT x FROM (VALUES " + values + ") AS t(x);";
    clear();
    type(select);
    String screen = await(s -> lastLine(s).equals(":"), "less's prompt (PAGER is unset: less -SFRX)");
    assertTrue(screen.contains("│  1 │"), screen);
    assertFalse(screen.contains("│ 60 │"), "the pager shows the first page only:\n" + screen);
    key("G"); // to the end, in the pager
    await(s -> s.contains("│ 60 │"), "the last row, in the pager");
    key("q");
    screen = awaitPrompt();
    assertTrue(screen.contains("60 rows"), screen);

    run("\\pager off");
    assertTrue(screen().contains("Pager is off."), screen());
    clear();
    type(select);
    screen = await(s -> s.contains("60 rows") && lastLine(s).equals(Shell.PROMPT.strip()), "the prompt after 60 rows");
    assertTrue(screen.contains("│ 60 │"), "printed without a pager:\n" + screen);
    run("\\pager on");
    assertTrue(screen().contains("Pager is on (less -SFRX)"), screen());
    run("SELECT 42 AS short;"); // shorter than the terminal: no pager
    assertTrue(screen().contains("│    42 │"), screen());
  }

  // ------------------------------------------------------------------ driving tmux

  private static boolean tmuxRuns() {
    try {
      Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", SOCKET));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("tmux " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** Types the text; tmux takes a trailing ';' as its own command separator unless escaped. */
  private static void type(String text) throws Exception {
    if (text.endsWith(";")) {
      tmux("send-keys", "-t", "shell", "-l", text.substring(0, text.length() - 1));
      tmux("send-keys", "-t", "shell", "\\;");
    } else {
      tmux("send-keys", "-t", "shell", "-l", text);
    }
    key("Enter");
  }

  private static void key(String name) throws Exception {
    tmux("send-keys", "-t", "shell", name);
  }

  /** Clears the screen, types a statement and waits for the prompt after its result. */
  private static void run(String statement) throws Exception {
    clear();
    type(statement);
    await(s -> count(s, Shell.PROMPT.strip()) >= 2 && lastLine(s).equals(Shell.PROMPT.strip()),
        "the prompt after " + statement);
  }

  /** Clears the screen at the prompt (stopping a statement a failed test left running). */
  private static void clear() throws Exception {
    if (!lastLine(screen()).equals(Shell.PROMPT.strip())) {
      key("C-c");
      awaitPrompt();
    }
    // a key pressed while the shell is between two prompts can be lost: press it again if need be
    for (int attempt = 0; attempt < 10; attempt++) {
      key("C-l");
      long deadline = System.currentTimeMillis() + 2_000;
      while (System.currentTimeMillis() < deadline) {
        if (screen().strip().equals(Shell.PROMPT.strip())) {
          return;
        }
        Thread.sleep(100);
      }
    }
    fail("the screen did not clear:\n" + screen());
  }

  private static String screen() throws Exception {
    return tmux("capture-pane", "-p", "-t", "shell");
  }

  private static String awaitPrompt() throws Exception {
    return await(s -> lastLine(s).equals(Shell.PROMPT.strip()), "the prompt");
  }

  private static String await(Predicate<String> condition, String what) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    String screen = screen();
    while (!condition.test(screen)) {
      if (System.currentTimeMillis() > deadline) {
        fail("waited " + WAIT_MILLIS / 1000 + " s for " + what + "; the screen:\n" + screen);
      }
      Thread.sleep(100);
      screen = screen();
    }
    return screen;
  }

  private static String lastLine(String screen) {
    String[] lines = screen.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
